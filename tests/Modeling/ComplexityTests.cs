using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class ComplexityTests
{
    [Fact]
    public void SmallCnnMacsMatchTheAnalyticCount()
    {
        using var cnn = new SmallCnn([4, 8], convsPerStage: 2, imageSize: 16);
        using var x = torch.zeros(1, 3, 16, 16);
        long macs = ModelComplexity.CountMacs(cnn, () => cnn.ForwardTokens(x));
        // Stage 1 at 8×8: 3→4 then 4→4 (3×3); stage 2 at 4×4: 4→8 then 8→8.
        long expected = 64 * 4 * (3 * 9) + 64 * 4 * (4 * 9) + 16 * 8 * (4 * 9) + 16 * 8 * (8 * 9);
        Assert.Equal(expected, macs);
    }

    [Fact]
    public void VitMacsMatchTheAnalyticCount()
    {
        var config = new VisionConfig { Kind = VisionKind.Vit, ImageSize = 32, PatchSize = 16, Width = 8, Layers = 1, Heads = 2, MlpRatio = 4 };
        using var vit = new VisionTransformer(config, outputDim: 4);
        using var x = torch.zeros(1, 3, 32, 32);
        long macs = ModelComplexity.CountMacs(vit, () => vit.ForwardPooled(x));
        const long n = 5, w = 8;
        long patch = 4 * w * 3 * 16 * 16;
        long attention = 3 * n * w * w + 2 * n * n * w + n * w * w; // in-proj, QKᵀ + AV, out-proj
        long mlp = 2 * n * w * 4 * w;
        long proj = w * 4;
        Assert.Equal(patch + attention + mlp + proj, macs);
    }

    [Fact]
    public void ReportCountsParametersOfEveryPart()
    {
        using var model = PriorClipModelFactory.Create("tiny", seed: 1);
        var report = ModelComplexity.Measure(model);
        long all = model.parameters().Sum(p => p.numel());
        Assert.Equal(all, report.TotalParameters);
        Assert.Equal(all - report.PriorParameters, report.TrainableParameters); // the prior starts frozen
        Assert.Equal(all, report.VisualParameters + report.TextParameters + report.PriorParameters + 2); // + two temperatures
        Assert.True(report.ImageMacs > 0 && report.TextMacs > 0);
        Assert.Equal(2 * report.ImageMacs, report.ImageFlops);
        Assert.True(model.training); // restored
    }
}
