using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;

namespace PriorClip.MLNet.Modeling.Pae;

/// <summary>
/// The attention block of both PAEs (post-LN, as PIR): <c>F = LN(S + Dropout(MHA(query, S, S)))</c>, then
/// <c>LN(F + Dropout(FFN(F)))</c> with FFN = Linear(d→2d) → LN → GELU → Dropout → Linear(2d→d).
/// As a self-attention block the query is S itself; as a cross-attention block the query is an
/// instruction/activation signal and the residual is still S, the attended sequence (docs/method.md §2–3):
/// the token identities come from S.
/// </summary>
public sealed class PaeAttentionBlock : nn.Module
{
#pragma warning disable IDE1006
    private readonly MultiheadAttention attn;
    private readonly Dropout dropout;
    private readonly LayerNorm norm1;
    private readonly FeedForward ffn;
    private readonly LayerNorm norm2;
#pragma warning restore IDE1006

    /// <summary>Creates the block.</summary>
    public PaeAttentionBlock(int width, int heads, double dropoutRate) : base(nameof(PaeAttentionBlock))
    {
        attn = new MultiheadAttention(width, heads);
        dropout = nn.Dropout(dropoutRate);
        norm1 = nn.LayerNorm(width);
        ffn = new FeedForward(width, dropoutRate);
        norm2 = nn.LayerNorm(width);
        RegisterComponents();
    }

    /// <summary>Self-attention: x [B,L,d], optional key padding mask [B,L] (true = pad) → [B,L,d].</summary>
    public Tensor SelfAttention(Tensor x, Tensor? keyPaddingMask = null) => CrossAttention(x, x, keyPaddingMask);

    /// <summary>Cross-attention: query [B,L,d] attends over s [B,L,d] (keys = values = s, residual = s) → [B,L,d].</summary>
    public Tensor CrossAttention(Tensor query, Tensor s, Tensor? keyPaddingMask = null) => Attend(query, s, s, keyPaddingMask);

    /// <summary>
    /// <see cref="CrossAttention"/>'s output at position 0 only, [B,1,d], computed without the other positions: each
    /// output position depends on its own query and residual and on all of s. The PAEs read their last block at
    /// position 0 alone, so their last block runs this instead, skipping (L−1)/L of its attention queries and FFN.
    /// </summary>
    public Tensor CrossAttentionFirst(Tensor query, Tensor s, Tensor? keyPaddingMask = null) =>
        Attend(query.narrow(1, 0, 1), s, s.narrow(1, 0, 1), keyPaddingMask);

    Tensor Attend(Tensor query, Tensor s, Tensor residual, Tensor? keyPaddingMask)
    {
        using var scope = torch.NewDisposeScope();
        var f = norm1.call(residual.add(dropout.call(attn.Forward(query, s, s, keyPaddingMask))));
        return norm2.call(f.add(dropout.call(ffn.call(f)))).MoveToOuterDisposeScope();
    }
}
