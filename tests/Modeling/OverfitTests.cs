using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class OverfitTests(ITestOutputHelper output)
{
    /// <summary>The tiny structure (SmallCnn + Spatial-PAE + built-in prior, text transformer + Temporal-PAE), made smaller and dropout-free.</summary>
    private static PriorClipModelConfig OverfitConfig()
    {
        var c = PriorClipModelConfig.Load("tiny");
        return c with
        {
            EmbedDim = 32,
            Vision = c.Vision with { ImageSize = 32, StageWidths = [8, 16, 32, 64], ConvsPerStage = 1 },
            Text = c.Text with { VocabSize = 64, ContextLength = 8, Width = 32, Layers = 1, Heads = 2 },
            Instruction = c.Instruction with { SceneClasses = 4, ClassifierStageWidths = [8, 16] },
            ImageHead = c.ImageHead with { TopK = 4, Layers = 1, Heads = 2, Dropout = 0 },
            TextHead = c.TextHead with { Layers = 1, Heads = 2, Dropout = 0 },
        };
    }

    [Fact]
    public void TwoHundredStepsMemoriseASmallBatch()
    {
        const int batch = 8;
        using var model = PriorClipModelFactory.Create(OverfitConfig(), seed: 42);
        var g = new torch.Generator(43);
        using var pixels = torch.randn([batch, 3, 32, 32], generator: g);
        var (ids, mask) = TestBatches.Captions(model, batch, model.ContextLength, seed: 44);
        using var imageIds = torch.arange(batch, dtype: ScalarType.Int64);
        using var classes = torch.tensor(new long[] { 0, 0, 1, 1, 2, 2, 3, 3 });
        using var optimizer = torch.optim.AdamW(model.TrainableParameters(), lr: 3e-3, weight_decay: 0.0);

        double first = 0, last = 0;
        model.train();
        // Hundreds of tiny ops: one intra-op thread avoids thread hand-off overhead on a shared machine.
        int threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
        for (int step = 0; step < 200; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var parts = model.ComputeLoss(pixels, null, ids, mask, imageIds, classes);
            parts.Total.backward();
            optimizer.step();
            double loss = parts.Total.ToDouble();
            if (step == 0) first = loss;
            last = loss;
        }
        }
        finally
        {
            torch.set_num_threads(threads);
        }
        output.WriteLine($"loss {first:F4} -> {last:F4}");
        Assert.True(last < 0.2 * first, $"loss {first} -> {last}");

        model.eval();
        using var noGrad = torch.no_grad();
        using var v = model.EncodeImage(pixels);
        using var t = model.EncodeText(ids, mask);
        using var sim = torch.matmul(v, t.t());
        using var expected = torch.arange(batch, dtype: ScalarType.Int64);
        using var i2t = sim.argmax(1);
        using var t2i = sim.argmax(0);
        Assert.True(i2t.eq(expected).all().ToBoolean(), "image→text R@1 < 100 %");
        Assert.True(t2i.eq(expected).all().ToBoolean(), "text→image R@1 < 100 %");
        ids.Dispose();
        mask.Dispose();
    }
}
