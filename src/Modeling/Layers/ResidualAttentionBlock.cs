using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;

namespace PriorClip.MLNet.Modeling.Layers;

/// <summary>
/// CLIP's pre-LayerNorm transformer block: <c>x + attn(ln_1(x))</c>, then <c>x + mlp(ln_2(x))</c>
/// with <c>mlp = c_fc → act → c_proj</c> (open_clip parameter names).
/// </summary>
public sealed class ResidualAttentionBlock : nn.Module
{
#pragma warning disable IDE1006
    private readonly LayerNorm ln_1;
    private readonly MultiheadAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Sequential mlp;
#pragma warning restore IDE1006

    /// <summary>Creates a block of width <paramref name="width"/>.</summary>
    public ResidualAttentionBlock(int width, int heads, double mlpRatio, ActivationKind act) : base(nameof(ResidualAttentionBlock))
    {
        int hidden = (int)Math.Round(width * mlpRatio);
        ln_1 = nn.LayerNorm(width);
        attn = new MultiheadAttention(width, heads);
        ln_2 = nn.LayerNorm(width);
        mlp = nn.Sequential(("c_fc", nn.Linear(width, hidden)), ("gelu", Activations.Create(act)), ("c_proj", nn.Linear(hidden, width)));
        RegisterComponents();
    }

    /// <summary>Runs the block on [B,L,W]; masks as in <see cref="MultiheadAttention.Forward"/>.</summary>
    public Tensor Forward(Tensor x, Tensor? keyPaddingMask = null, Tensor? attnMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var y = ln_1.call(x);
        x = x.add(attn.Forward(y, y, y, keyPaddingMask, attnMask));
        x = x.add(mlp.call(ln_2.call(x)));
        return x.MoveToOuterDisposeScope();
    }
}
