using System.Diagnostics;
using PriorClip.MLNet.Modeling;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(ModelingTestCollection.Name)]
public class TrainingStepTimingTests(ITestOutputHelper output)
{
    /// <summary>
    /// One AdamW step of the <c>tiny</c> config at batch 64, 64 px, full 77-token context (forward + backward +
    /// update), median of 3 after a warm-up. Logged for the record; the bound is loose because the test machine
    /// is shared.
    /// </summary>
    [Fact]
    public void TinyTrainingStepAtBatch64()
    {
        const int batch = 64;
        using var model = PriorClipModelFactory.Create("tiny", seed: 3);
        model.train();
        var (pixels, _) = TestBatches.Images(model, batch, seed: 4);
        var (ids, mask) = TestBatches.Captions(model, batch, model.ContextLength, seed: 5);
        using var imageIds = torch.arange(batch, dtype: ScalarType.Int64).div(2, rounding_mode: RoundingMode.floor);
        using var classes = torch.arange(batch, dtype: ScalarType.Int64).remainder(12);
        var (decay, noDecay) = model.WeightDecayGroups();
        using var optimizer = torch.optim.AdamW(
            [new TorchSharp.Modules.AdamW.ParamGroup(decay, weight_decay: 0.01), new TorchSharp.Modules.AdamW.ParamGroup(noDecay, weight_decay: 0.0)],
            lr: 1e-3);
        var times = new List<double>();
        for (int step = 0; step < 4; step++)
        {
            var sw = Stopwatch.StartNew();
            using (var scope = torch.NewDisposeScope())
            {
                optimizer.zero_grad();
                var parts = model.ComputeLoss(pixels, null, ids, mask, imageIds, classes);
                parts.Total.backward();
                optimizer.step();
                Assert.False(double.IsNaN(parts.Total.ToDouble()));
            }
            if (step > 0) times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        output.WriteLine($"tiny training step, batch {batch}, 64 px, L={model.ContextLength}: median {times[1] * 1000:F0} ms (min {times[0] * 1000:F0}, max {times[2] * 1000:F0}), torch threads {torch.get_num_threads()}");
        Assert.True(times[1] < 10, $"step took {times[1]} s");
        pixels.Dispose();
        ids.Dispose();
        mask.Dispose();
    }
}
