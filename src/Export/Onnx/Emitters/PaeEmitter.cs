using PriorClip.MLNet.Modeling.Pae;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// The PAE parts: the post-LN <see cref="PaeAttentionBlock"/> with its <see cref="FeedForward"/>, the hard-belief
/// <see cref="SpatialPae"/> (belief, TopK, progressive layers) and the cyclic <see cref="TemporalPae"/>. Dropout is
/// the identity at inference and emits nothing.
/// </summary>
internal static class PaeEmitter
{
    /// <summary>Spatial-PAE: tokens V [B,N,d], instruction u [B,d] → L2-normalised [B,d].</summary>
    public static string Spatial(OnnxGraph g, SpatialPae pae, string tokens, string instruction, string name)
    {
        var selfBlocks = Items(Child<TorchSharp.torch.nn.Module>(pae, "self_blocks"));
        var maps = Items(Child<TorchSharp.torch.nn.Module>(pae, "instruction_maps"));
        var crossBlocks = Items(Child<TorchSharp.torch.nn.Module>(pae, "cross_blocks"));
        long k = pae.TopK;

        var f = SelectTopK(g, tokens, instruction, k, $"{name}.belief");
        for (int l = 0; l < selfBlocks.Count; l++)
        {
            var s = SelfAttention(g, (PaeAttentionBlock)selfBlocks[l], f, null, $"{name}.self_blocks.{l}");
            var mapped = g.Linear(instruction, (Linear)maps[l], $"{name}.instruction_maps.{l}");
            var query = g.Op("Expand", $"{name}.query.{l}", [g.Unsqueeze(mapped, [1], $"{name}.query_1.{l}"), g.Int64s([1, k, 1], $"{name}.query_shape.{l}")]);
            bool last = l + 1 == selfBlocks.Count;
            f = last
                ? CrossAttentionFirst(g, (PaeAttentionBlock)crossBlocks[l], query, s, null, $"{name}.cross_blocks.{l}")
                : CrossAttention(g, (PaeAttentionBlock)crossBlocks[l], query, s, null, $"{name}.cross_blocks.{l}");
        }
        return Output(g, Child<Linear>(pae, "head"), tokens, f, name);
    }

    /// <summary>Temporal-PAE: T0 [B,L,d], key padding bool [B,1,1,L] or null → L2-normalised [B,d].</summary>
    public static string Temporal(OnnxGraph g, TemporalPae pae, string tokens, string? keyPadding, string name)
    {
        var selfBlocks = Items(Child<TorchSharp.torch.nn.Module>(pae, "self_blocks"));
        var maps = Items(Child<TorchSharp.torch.nn.Module>(pae, "step_maps"));
        var crossBlocks = Items(Child<TorchSharp.torch.nn.Module>(pae, "cross_blocks"));
        var t = tokens;
        for (int l = 0; l < selfBlocks.Count; l++)
        {
            var s = SelfAttention(g, (PaeAttentionBlock)selfBlocks[l], t, keyPadding, $"{name}.self_blocks.{l}");
            bool last = l + 1 == selfBlocks.Count;
            t = last
                ? CrossAttentionFirst(g, (PaeAttentionBlock)crossBlocks[l], g.Linear(g.Slice(t, 1, 0, 1, $"{name}.first.{l}"), (Linear)maps[l], $"{name}.step_maps.{l}"), s, keyPadding, $"{name}.cross_blocks.{l}")
                : CrossAttention(g, (PaeAttentionBlock)crossBlocks[l], g.Linear(t, (Linear)maps[l], $"{name}.step_maps.{l}"), s, keyPadding, $"{name}.cross_blocks.{l}");
        }
        return Output(g, Child<Linear>(pae, "head"), tokens, t, name);
    }

    /// <summary>
    /// Hard belief: the <paramref name="k"/> tokens of highest belief (TopK of its logits), sorted descending, and the tokens
    /// at those positions (GatherElements) → [B,k,d].
    /// </summary>
    public static string SelectTopK(OnnxGraph g, string tokens, string instruction, long k, string name)
    {
        var topk = g.Ops("TopK", $"{name}.topk", [Scores(g, tokens, instruction, name), g.Int64s([k], $"{name}.k")], 2,
            OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("largest", 1L), OnnxAttribute.Of("sorted", 1L));
        return GatherTokens(g, tokens, topk[1], name);
    }

    /// <summary>The belief's logits <c>V_j · u</c>: tokens [B,N,d], instruction [B,d] → [B,N] (tokens are ranked by these, see <c>Belief.Scores</c>).</summary>
    public static string Scores(OnnxGraph g, string tokens, string instruction, string name)
    {
        var scores = g.Op("MatMul", $"{name}.scores", [tokens, g.Unsqueeze(instruction, [-1], $"{name}.u_col")]);
        return g.Squeeze(scores, [-1], $"{name}.scores_row");
    }

    /// <summary>Belief <c>softmax_j(logits)</c> → [B,N].</summary>
    public static string Softmax(OnnxGraph g, string scores, string name) =>
        g.Op("Softmax", $"{name}.softmax", [scores], OnnxAttribute.Of("axis", -1L));

    /// <summary>tokens [B,N,d] at indices [B,k] → [B,k,d].</summary>
    public static string GatherTokens(OnnxGraph g, string tokens, string indices, string name)
    {
        var d = g.Slice(g.Op("Shape", $"{name}.token_shape", [tokens]), 0, 2, 3, $"{name}.width");
        var shape = g.Concat(0, $"{name}.index_shape", g.Op("Shape", $"{name}.indices_shape", [indices]), d);
        var index = g.Op("Expand", $"{name}.index", [g.Unsqueeze(indices, [-1], $"{name}.index_col"), shape]);
        return g.Op("GatherElements", $"{name}.selected", [tokens, index], OnnxAttribute.Of("axis", 1L));
    }

    static string Output(OnnxGraph g, Linear head, string tokens, string f, string name)
    {
        var v = g.Op("Add", $"{name}.sum", [g.Select(tokens, 1, 0, $"{name}.pooled"), g.Linear(g.Select(f, 1, 0, $"{name}.f0"), head, $"{name}.head")]);
        return g.L2Normalize(v, $"{name}.normalized");
    }

    static string SelfAttention(OnnxGraph g, PaeAttentionBlock block, string x, string? keyPadding, string name) =>
        Attend(g, block, x, x, x, keyPadding, name);

    static string CrossAttention(OnnxGraph g, PaeAttentionBlock block, string query, string s, string? keyPadding, string name) =>
        Attend(g, block, query, s, s, keyPadding, name);

    static string CrossAttentionFirst(OnnxGraph g, PaeAttentionBlock block, string query, string s, string? keyPadding, string name) =>
        Attend(g, block, g.Slice(query, 1, 0, 1, $"{name}.query0"), s, g.Slice(s, 1, 0, 1, $"{name}.residual0"), keyPadding, name);

    /// <summary><c>F = LN(residual + MHA(query, s, s))</c>, then <c>LN(F + FFN(F))</c>.</summary>
    static string Attend(OnnxGraph g, PaeAttentionBlock block, string query, string s, string residual, string? keyPadding, string name)
    {
        var attended = AttentionEmitter.Emit(g, Child<MultiheadAttention>(block, "attn"), query, s, s, keyPadding, null, $"{name}.attn");
        var f = g.LayerNorm(g.Op("Add", $"{name}.attn_residual", [residual, attended]), Child<LayerNorm>(block, "norm1"), $"{name}.norm1");
        var ffn = Child<FeedForward>(block, "ffn");
        var hidden = g.Linear(f, Child<Linear>(ffn, "fc1"), $"{name}.ffn.fc1");
        hidden = g.Gelu(g.LayerNorm(hidden, Child<LayerNorm>(ffn, "norm"), $"{name}.ffn.norm"), $"{name}.ffn.gelu");
        var ffnOut = g.Linear(hidden, Child<Linear>(ffn, "fc2"), $"{name}.ffn.fc2");
        return g.LayerNorm(g.Op("Add", $"{name}.ffn_residual", [f, ffnOut]), Child<LayerNorm>(block, "norm2"), $"{name}.norm2");
    }
}
