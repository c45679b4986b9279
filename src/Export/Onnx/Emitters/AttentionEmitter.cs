using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// <see cref="MultiheadAttention"/> as ONNX: the input projection (one fused MatMul + Split when query, key and value
/// are the same value, as the module does), heads by Reshape/Transpose, scaled dot product, masked logits replaced by
/// the module's finite −1e9 (Where, not Add, so a padded caption scores as the module does), Softmax, output projection.
/// </summary>
internal static class AttentionEmitter
{
    const float MaskedLogit = -1e9f;

    /// <summary>
    /// Emits attention of <paramref name="query"/> [B,Lq,E] over <paramref name="key"/>/<paramref name="value"/> [B,Lk,E].
    /// <paramref name="keyPadding"/>: bool [B,1,1,Lk] (true = padding) or null; <paramref name="blocked"/>: bool [Lq,Lk]
    /// (true = blocked, e.g. the causal future) or null.
    /// </summary>
    public static string Emit(OnnxGraph g, MultiheadAttention attn, string query, string key, string value,
        string? keyPadding, string? blocked, string name)
    {
        long e = attn.EmbedDim, h = attn.Heads, hd = e / h;
        var w = Tensor(attn, "in_proj_weight");
        var b = Tensor(attn, "in_proj_bias");
        string q, k, v;
        if (query == key && key == value)
        {
            var qkv = g.Linear(query, w, b, $"{name}.in_proj");
            var parts = g.Ops("Split", $"{name}.qkv", [qkv, g.Int64s([e, e, e], $"{name}.split")], 3, OnnxAttribute.Of("axis", -1L));
            (q, k, v) = (parts[0], parts[1], parts[2]);
        }
        else
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            q = g.Linear(query, w[..(int)e], b[..(int)e], $"{name}.q_proj");
            k = g.Linear(key, w[(int)e..(int)(2 * e)], b[(int)e..(int)(2 * e)], $"{name}.k_proj");
            v = g.Linear(value, w[(int)(2 * e)..], b[(int)(2 * e)..], $"{name}.v_proj");
        }
        q = g.Transpose(g.Reshape(q, [0, 0, h, hd], $"{name}.q_heads"), [0, 2, 1, 3], $"{name}.q_t");
        var kT = g.Transpose(g.Reshape(k, [0, 0, h, hd], $"{name}.k_heads"), [0, 2, 3, 1], $"{name}.k_t");
        v = g.Transpose(g.Reshape(v, [0, 0, h, hd], $"{name}.v_heads"), [0, 2, 1, 3], $"{name}.v_t");

        var logits = g.Op("Mul", $"{name}.logits", [g.Op("MatMul", $"{name}.qk", [q, kT]), g.Scalar((float)(1.0 / Math.Sqrt(hd)), $"{name}.scale")]);
        if (blocked is not null || keyPadding is not null)
        {
            var masked = g.Scalar(MaskedLogit, $"{name}.masked_logit");
            if (blocked is not null) logits = g.Op("Where", $"{name}.blocked_logits", [blocked, masked, logits]);
            if (keyPadding is not null) logits = g.Op("Where", $"{name}.padded_logits", [keyPadding, masked, logits]);
        }
        var weights = g.Op("Softmax", $"{name}.softmax", [logits], OnnxAttribute.Of("axis", -1L));
        var context = g.Op("MatMul", $"{name}.context", [weights, v]);
        context = g.Reshape(g.Transpose(context, [0, 2, 1, 3], $"{name}.context_t"), [0, 0, e], $"{name}.context_merged");
        return g.Linear(context, Child<Linear>(attn, "out_proj"), $"{name}.out_proj");
    }
}
