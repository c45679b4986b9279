using PriorClip.MLNet.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class LogitScaleClampTests
{
    [Fact]
    public void ScaleAboveTheCapStillGetsAGradientAndIsClampedAfterTheStep()
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.Tiny(), seed: 1);
        using (torch.no_grad()) model.LogitScaleParameter.fill_(Math.Log(150));
        var g = new torch.Generator(2);
        using var v = nn.functional.normalize(torch.randn([4, model.EmbedDim], generator: g), p: 2, dim: -1);
        using var t = nn.functional.normalize(torch.randn([4, model.EmbedDim], generator: g), p: 2, dim: -1);
        using var ids = torch.arange(4L);
        using var parts = model.ComputeLoss(v, t, ids, null);
        parts.Total.backward();
        // A clamp in the forward would give exactly zero here: the scale could never come back under the cap.
        Assert.NotEqual(0f, model.LogitScaleParameter.grad!.item<float>());
        Assert.Equal(150f, model.LogitScale().item<float>(), 2);

        model.ClampLogitScales();
        Assert.Equal(100f, model.LogitScale().item<float>(), 3);
        Assert.True(model.AttributionLogitScale().item<float>() <= 100f + 1e-3f);
    }
}
