using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Text;

/// <summary>CLIP text encoder: pooled token (EOT / first) → <c>trunk.text_projection</c> → L2 norm.</summary>
public sealed class PooledTextEncoder : TextEncoder
{
#pragma warning disable IDE1006
    private readonly TextTrunk trunk;
#pragma warning restore IDE1006

    /// <summary>Creates the encoder; <paramref name="trunk"/> must have been built with its projection.</summary>
    public PooledTextEncoder(TextTrunk trunk) : base(nameof(PooledTextEncoder))
    {
        this.trunk = trunk;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Encode(Tensor tokenIds, Tensor? attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.normalize(trunk.ForwardPooled(tokenIds, attentionMask), p: 2, dim: -1).MoveToOuterDisposeScope();
    }
}
