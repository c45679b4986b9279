using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>
/// Renames a Hugging Face <c>CLIPModel</c> state dict to open_clip's names, so one loader serves both:
/// the separate q/k/v projections are concatenated into <c>in_proj_weight</c>/<c>in_proj_bias</c>
/// (query, key, value order, as <c>nn.MultiheadAttention</c> stores them) and the projection
/// <c>Linear</c> weights are transposed into CLIP's [width, embed] matrices.
/// </summary>
public static partial class HuggingFaceClipNames
{
    /// <summary>True when <paramref name="names"/> look like a Hugging Face CLIPModel (its tower prefixes).</summary>
    public static bool Matches(IEnumerable<string> names) =>
        names.Any(n => n.StartsWith("vision_model.", StringComparison.Ordinal) || n.StartsWith("text_model.", StringComparison.Ordinal));

    /// <summary>
    /// The open_clip-named equivalent of <paramref name="hf"/>. Names it does not know are kept as they are, so
    /// the strict loader reports them as unexpected; <c>position_ids</c> buffers (index ranges, not weights) are dropped.
    /// </summary>
    public static Dictionary<string, Tensor> ToOpenClip(IReadOnlyDictionary<string, Tensor> hf)
    {
        var result = new Dictionary<string, Tensor>();
        var pendingAttention = new Dictionary<string, Dictionary<string, Tensor>>();
        foreach (var (name, tensor) in hf)
        {
            if (name.EndsWith(".position_ids", StringComparison.Ordinal)) continue;
            var layer = LayerName().Match(name);
            if (layer.Success)
            {
                string prefix = (layer.Groups[1].Value == "vision_model" ? "visual." : "") + $"transformer.resblocks.{layer.Groups[2].Value}.";
                string rest = layer.Groups[3].Value;
                var qkv = QkvName().Match(rest);
                if (qkv.Success)
                {
                    string key = prefix + "attn.in_proj_" + qkv.Groups[2].Value;
                    if (!pendingAttention.TryGetValue(key, out var parts)) pendingAttention[key] = parts = [];
                    parts[qkv.Groups[1].Value] = tensor;
                    continue;
                }
                result[prefix + (LayerParts.TryGetValue(rest, out var mapped) ? mapped : rest)] = tensor;
                continue;
            }
            if (Transposed.TryGetValue(name, out var projection))
                result[projection] = tensor.t().contiguous();
            else
                result[Renamed.TryGetValue(name, out var renamed) ? renamed : name] = tensor;
        }
        foreach (var (key, parts) in pendingAttention)
        {
            if (parts.Count != 3)
            {
                // Keep what is there under its own name: the strict loader lists it, and the fused name as missing.
                foreach (var (which, t) in parts) result[$"{key}.{which}_proj (incomplete q/k/v)"] = t;
                continue;
            }
            result[key] = torch.cat([parts["q"], parts["k"], parts["v"]], 0);
        }
        return result;
    }

    static readonly Dictionary<string, string> Renamed = new()
    {
        ["text_model.embeddings.token_embedding.weight"] = "token_embedding.weight",
        ["text_model.embeddings.position_embedding.weight"] = "positional_embedding",
        ["text_model.final_layer_norm.weight"] = "ln_final.weight",
        ["text_model.final_layer_norm.bias"] = "ln_final.bias",
        ["vision_model.embeddings.class_embedding"] = "visual.class_embedding",
        ["vision_model.embeddings.patch_embedding.weight"] = "visual.conv1.weight",
        ["vision_model.embeddings.position_embedding.weight"] = "visual.positional_embedding",
        // "pre_layrnorm" is Hugging Face's own spelling.
        ["vision_model.pre_layrnorm.weight"] = "visual.ln_pre.weight",
        ["vision_model.pre_layrnorm.bias"] = "visual.ln_pre.bias",
        ["vision_model.post_layernorm.weight"] = "visual.ln_post.weight",
        ["vision_model.post_layernorm.bias"] = "visual.ln_post.bias",
    };

    static readonly Dictionary<string, string> Transposed = new()
    {
        ["visual_projection.weight"] = "visual.proj",
        ["text_projection.weight"] = "text_projection",
    };

    static readonly Dictionary<string, string> LayerParts = new()
    {
        ["self_attn.out_proj.weight"] = "attn.out_proj.weight",
        ["self_attn.out_proj.bias"] = "attn.out_proj.bias",
        ["layer_norm1.weight"] = "ln_1.weight",
        ["layer_norm1.bias"] = "ln_1.bias",
        ["layer_norm2.weight"] = "ln_2.weight",
        ["layer_norm2.bias"] = "ln_2.bias",
        ["mlp.fc1.weight"] = "mlp.c_fc.weight",
        ["mlp.fc1.bias"] = "mlp.c_fc.bias",
        ["mlp.fc2.weight"] = "mlp.c_proj.weight",
        ["mlp.fc2.bias"] = "mlp.c_proj.bias",
    };

    [GeneratedRegex(@"^(vision_model|text_model)\.encoder\.layers\.(\d+)\.(.+)$")]
    private static partial Regex LayerName();

    [GeneratedRegex(@"^self_attn\.(q|k|v)_proj\.(weight|bias)$")]
    private static partial Regex QkvName();
}
