using PriorClip.MLNet.Modeling.Pae;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Text;

/// <summary>
/// Closed-domain text encoder: trunk token states [B,L,W] → <c>token_proj</c> → T0 [B,L,D] →
/// <see cref="TemporalPae"/> (padding masked) → [B,D].
/// </summary>
public sealed class TemporalPaeTextEncoder : TextEncoder
{
#pragma warning disable IDE1006
    private readonly TextTrunk trunk;
    private readonly Linear token_proj;
    private readonly TemporalPae pae;
#pragma warning restore IDE1006

    /// <summary>Creates the encoder.</summary>
    public TemporalPaeTextEncoder(TextTrunk trunk, int embedDim, int steps, int heads, double dropout) : base(nameof(TemporalPaeTextEncoder))
    {
        this.trunk = trunk;
        token_proj = nn.Linear(trunk.Width, embedDim);
        pae = new TemporalPae(embedDim, steps, heads, dropout);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor Encode(Tensor tokenIds, Tensor? attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        var t0 = token_proj.call(trunk.ForwardTokens(tokenIds, attentionMask));
        return pae.Forward(t0, TextTrunk.PaddingMask(attentionMask)).MoveToOuterDisposeScope();
    }
}
