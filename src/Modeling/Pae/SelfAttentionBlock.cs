using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;

namespace PriorClip.MLNet.Modeling.Pae;

/// <summary>
/// PAE self-attention block (post-LN, as PIR): <c>S = LN(x + Dropout(MHA(x,x,x)))</c>, then
/// <c>LN(S + Dropout(FFN(S)))</c> with FFN = Linear(d→2d) → LN → GELU → Dropout → Linear(2d→d).
/// </summary>
public sealed class SelfAttentionBlock : nn.Module
{
#pragma warning disable IDE1006
    private readonly MultiheadAttention attn;
    private readonly Dropout dropout;
    private readonly LayerNorm norm1;
    private readonly FeedForward ffn;
    private readonly LayerNorm norm2;
#pragma warning restore IDE1006

    /// <summary>Creates the block.</summary>
    public SelfAttentionBlock(int width, int heads, double dropoutRate) : base(nameof(SelfAttentionBlock))
    {
        attn = new MultiheadAttention(width, heads);
        dropout = nn.Dropout(dropoutRate);
        norm1 = nn.LayerNorm(width);
        ffn = new FeedForward(width, dropoutRate);
        norm2 = nn.LayerNorm(width);
        RegisterComponents();
    }

    /// <summary>x [B,L,d], optional key padding mask [B,L] (true = pad) → [B,L,d].</summary>
    public Tensor Forward(Tensor x, Tensor? keyPaddingMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var s = norm1.call(x.add(dropout.call(attn.Forward(x, x, x, keyPaddingMask))));
        return norm2.call(s.add(dropout.call(ffn.call(s)))).MoveToOuterDisposeScope();
    }
}
