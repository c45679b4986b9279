using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class TextTransformerTests
{
    [Theory]
    [InlineData(TextPooling.EotMask, true)]
    [InlineData(TextPooling.EotMask, false)]
    [InlineData(TextPooling.EotArgmax, true)]
    [InlineData(TextPooling.First, false)]
    public void PoolingIgnoresPadding(TextPooling pooling, bool causal)
    {
        torch.manual_seed(61);
        var config = new TextConfig { VocabSize = 50, ContextLength = 12, Width = 16, Layers = 2, Heads = 2, Causal = causal, Pooling = pooling };
        using var tower = new TextTransformer(config, outputDim: 8);
        tower.eval();
        using var noGrad = torch.no_grad();
        using var a = AssertPaddingIgnored(tower.ForwardPooled);
    }

    [Fact]
    public void CausalMaskHidesLaterTokens()
    {
        torch.manual_seed(62);
        var config = new TextConfig { VocabSize = 50, ContextLength = 8, Width = 16, Layers = 1, Heads = 2, Causal = true, Pooling = TextPooling.EotMask };
        using var tower = new TextTransformer(config, outputDim: null);
        tower.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.tensor(new long[] { 1, 5, 6, 7 }, [1, 4]);
        using var y = torch.tensor(new long[] { 1, 5, 9, 9 }, [1, 4]);
        using var sx = tower.ForwardTokens(x, null);
        using var sy = tower.ForwardTokens(y, null);
        // Positions 0 and 1 see the same prefix; position 2 sees a different token.
        Assert.True(sx[0, ..2].sub(sy[0, ..2]).abs().max().ToDouble() < 1e-6);
        Assert.True(sx[0, 2].sub(sy[0, 2]).abs().max().ToDouble() > 1e-4);
    }

    [Theory]
    [InlineData(TextPooling.First)]
    [InlineData(TextPooling.EotMask)]
    public void GruIgnoresPaddingAndReadsBothDirections(TextPooling pooling)
    {
        torch.manual_seed(63);
        var config = new TextConfig { Kind = TextKind.Gru, VocabSize = 50, ContextLength = 12, Width = 16, Layers = 2, Pooling = pooling };
        using var gru = new GruText(config, outputDim: 8);
        gru.eval();
        using var noGrad = torch.no_grad();
        using var a = AssertPaddingIgnored(gru.ForwardPooled);
        // The pooled state depends on the token at the far end of the caption (both directions are used).
        using var changedIds = pooling == TextPooling.First
            ? torch.tensor(new long[] { 1, 7, 3, 48 }, [1, 4])
            : torch.tensor(new long[] { 2, 7, 3, 49 }, [1, 4]);
        using var c = gru.ForwardPooled(changedIds, null);
        Assert.True(a.sub(c).abs().max().ToDouble() > 1e-5);
    }

    /// <summary>
    /// Pools the caption "1 7 3 49" alone and padded to 12 tokens with its mask, asserts both give the
    /// same [1, 8] embedding, and returns the unpadded one.
    /// </summary>
    static Tensor AssertPaddingIgnored(Func<Tensor, Tensor?, Tensor> forwardPooled)
    {
        using var shortIds = torch.tensor(new long[] { 1, 7, 3, 49 }, [1, 4]);
        using var paddedIds = torch.tensor(new long[] { 1, 7, 3, 49, 0, 0, 0, 0, 0, 0, 0, 0 }, [1, 12]);
        using var paddedMask = torch.tensor(new long[] { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, [1, 12]);
        var a = forwardPooled(shortIds, null);
        using var b = forwardPooled(paddedIds, paddedMask);
        Assert.Equal(new long[] { 1, 8 }, a.shape);
        Assert.True(a.sub(b).abs().max().ToDouble() < 1e-5);
        return a;
    }
}
