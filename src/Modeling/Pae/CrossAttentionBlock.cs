using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;

namespace PriorClip.MLNet.Modeling.Pae;

/// <summary>
/// PAE cross-attention block: <c>F = LN(S + Dropout(MHA(query, S, S)))</c>, then <c>LN(F + Dropout(FFN(F)))</c>.
/// The residual is the attended sequence S (METHOD.md §2): the query is an instruction/activation signal,
/// the token identities come from S.
/// </summary>
public sealed class CrossAttentionBlock : nn.Module
{
#pragma warning disable IDE1006
    private readonly MultiheadAttention attn;
    private readonly Dropout dropout;
    private readonly LayerNorm norm1;
    private readonly FeedForward ffn;
    private readonly LayerNorm norm2;
#pragma warning restore IDE1006

    /// <summary>Creates the block.</summary>
    public CrossAttentionBlock(int width, int heads, double dropoutRate) : base(nameof(CrossAttentionBlock))
    {
        attn = new MultiheadAttention(width, heads);
        dropout = nn.Dropout(dropoutRate);
        norm1 = nn.LayerNorm(width);
        ffn = new FeedForward(width, dropoutRate);
        norm2 = nn.LayerNorm(width);
        RegisterComponents();
    }

    /// <summary>query [B,L,d] attends over s [B,L,d] (keys = values = s, residual = s) → [B,L,d].</summary>
    public Tensor Forward(Tensor query, Tensor s, Tensor? keyPaddingMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var f = norm1.call(s.add(dropout.call(attn.Forward(query, s, s, keyPaddingMask))));
        return norm2.call(f.add(dropout.call(ffn.call(f)))).MoveToOuterDisposeScope();
    }
}
