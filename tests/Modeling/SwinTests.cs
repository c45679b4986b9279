using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Vision.Swin;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class SwinTests
{
    [Fact]
    public void ShiftMaskSeparatesRegionsThatWereNotNeighbours()
    {
        // 4×4 grid, window 2, shift 1: region rows/cols {0,1}, {2}, {3}.
        using var mask = SwinBlock.ShiftMask(4, 2, 1);
        Assert.Equal(new long[] { 4, 4, 4 }, mask.shape);
        // Window 0 (top-left) lies in one region: nothing masked.
        Assert.Equal(0f, mask[0].abs().sum().ToSingle());
        // Window 3 (bottom-right) covers 4 different regions: only the diagonal is unmasked.
        using var expected = torch.eye(4).mul(100f).sub(100f);
        Assert.True(mask[3].eq(expected).all().ToBoolean());
        // Window 1 (top-right): columns 2 and 3 are different regions, rows 0 and 1 the same region.
        var w1 = mask[1].data<float>().ToArray(); // positions: 0=(0,2) 1=(0,3) 2=(1,2) 3=(1,3)
        Assert.Equal(0f, w1[0 * 4 + 2]);
        Assert.Equal(-100f, w1[0 * 4 + 1]);
        Assert.Equal(0f, w1[1 * 4 + 3]);
    }

    [Fact]
    public void SwinTinyAtFullSizeGivesFiftyTokensOfWidth768()
    {
        var config = PriorClipModelConfig.Load("pir-closed").Vision;
        torch.manual_seed(71);
        using var swin = new SwinTransformer(config);
        Assert.Equal(768, swin.Width);
        Assert.Equal(50, swin.TokenCount);
        // Swin-T without its classifier head has 27.52 M parameters (28.29 M with the 1000-class head).
        Assert.Equal(27_519_354, ModelComplexity.CountParameters(swin));
    }

    [Fact]
    public void IndexAndMaskAreBuffersSoTheyMoveWithTheModel()
    {
        var config = TestConfigs.PirClosedShrunk().Vision;
        torch.manual_seed(72);
        using var swin = new SwinTransformer(config);
        var buffers = swin.named_buffers().Select(b => b.name).ToHashSet();
        Assert.Contains("layers.0.blocks.0.attn.relative_position_index", buffers);
        Assert.Contains("layers.0.blocks.1.attn_mask", buffers);
        Assert.DoesNotContain("layers.0.blocks.0.attn_mask", buffers); // unshifted blocks have no mask
        Assert.DoesNotContain(swin.named_parameters(), p => p.name.Contains("relative_position_index"));
    }
}
