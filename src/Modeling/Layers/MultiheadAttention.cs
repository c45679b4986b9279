using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;

namespace PriorClip.MLNet.Modeling.Layers;

/// <summary>
/// Batch-first multi-head attention with PyTorch <c>nn.MultiheadAttention</c> parameter names
/// (<c>in_proj_weight</c>, <c>in_proj_bias</c>, <c>out_proj</c>), so open_clip / PIR state_dicts map 1:1.
/// Written by hand (rather than TorchSharp's module) to control mask semantics exactly: masked
/// logits get a large finite negative value, so a padded and an unpadded caption give the same
/// output and a fully masked row can never produce NaN.
/// </summary>
public sealed class MultiheadAttention : nn.Module
{
    private const float MaskedLogit = -1e9f;

#pragma warning disable IDE1006 // PyTorch parameter names
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;
#pragma warning restore IDE1006

    /// <summary>Model width E.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads; <see cref="EmbedDim"/> must be divisible by it.</summary>
    public int Heads { get; }

    /// <summary>Creates the attention layer (xavier-uniform input projection, zero biases, as PyTorch).</summary>
    public MultiheadAttention(int embedDim, int heads) : base(nameof(MultiheadAttention))
    {
        if (heads <= 0 || embedDim % heads != 0)
            throw new ArgumentException($"embedDim {embedDim} must be a positive multiple of heads {heads}.");
        EmbedDim = embedDim;
        Heads = heads;
        in_proj_weight = new Parameter(torch.empty(3 * embedDim, embedDim));
        in_proj_bias = new Parameter(torch.zeros(3 * embedDim));
        out_proj = nn.Linear(embedDim, embedDim);
        using (torch.no_grad())
        {
            nn.init.xavier_uniform_(in_proj_weight);
            nn.init.zeros_(out_proj.bias!);
        }
        RegisterComponents();
    }

    /// <summary>
    /// Attention of <paramref name="query"/> [B,Lq,E] over <paramref name="key"/>/<paramref name="value"/> [B,Lk,E].
    /// </summary>
    /// <param name="query">Queries [B,Lq,E].</param>
    /// <param name="key">Keys [B,Lk,E].</param>
    /// <param name="value">Values [B,Lk,E].</param>
    /// <param name="keyPaddingMask">Optional bool [B,Lk], <c>true</c> = padding (ignored key), as PyTorch.</param>
    /// <param name="attnMask">Optional bool [Lq,Lk], <c>true</c> = blocked (e.g. causal future), as PyTorch.</param>
    /// <returns>[B,Lq,E].</returns>
    public Tensor Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask = null, Tensor? attnMask = null)
    {
        using var scope = torch.NewDisposeScope();
        long b = query.shape[0], lq = query.shape[1], lk = key.shape[1];
        int e = EmbedDim, h = Heads, hd = e / h;
        FlopCounter.Add(b * (lq + 2 * lk) * (long)e * e + 2 * b * lq * lk * (long)e);

        Tensor q, k, v;
        if (ReferenceEquals(query, key) && ReferenceEquals(key, value))
        {
            var qkv = nn.functional.linear(query, in_proj_weight, in_proj_bias).chunk(3, -1);
            (q, k, v) = (qkv[0], qkv[1], qkv[2]);
        }
        else
        {
            q = nn.functional.linear(query, in_proj_weight[..e], in_proj_bias[..e]);
            k = nn.functional.linear(key, in_proj_weight[e..(2 * e)], in_proj_bias[e..(2 * e)]);
            v = nn.functional.linear(value, in_proj_weight[(2 * e)..], in_proj_bias[(2 * e)..]);
        }
        q = q.view(b, lq, h, hd).transpose(1, 2);
        k = k.view(b, lk, h, hd).transpose(1, 2);
        v = v.view(b, lk, h, hd).transpose(1, 2);

        var logits = torch.matmul(q, k.transpose(-2, -1)).mul(1.0 / Math.Sqrt(hd)); // [B,h,Lq,Lk]
        if (attnMask is not null)
            logits = logits.masked_fill(attnMask.view(1, 1, lq, lk), MaskedLogit);
        if (keyPaddingMask is not null)
            logits = logits.masked_fill(keyPaddingMask.view(b, 1, 1, lk), MaskedLogit);
        var attn = logits.softmax(-1);
        var context = torch.matmul(attn, v).transpose(1, 2).reshape(b, lq, e);
        return out_proj.call(context).MoveToOuterDisposeScope();
    }
}
