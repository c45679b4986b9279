using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Pae;
using PriorClip.MLNet.Modeling.Text;
using TorchSharp;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;
using Transformer = PriorClip.MLNet.Modeling.Layers.Transformer;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// Text encoders: the CLIP-layout <see cref="TextTransformer"/> (token + position embedding, causal or bidirectional,
/// padding masked, pooling by first token, end-of-text argmax or mask length) under a <see cref="PooledTextEncoder"/> or a
/// <see cref="TemporalPaeTextEncoder"/>.
/// </summary>
internal static class TextEmitter
{
    /// <summary>Token ids int32 [B,L] and mask float [B,L] (1 = token, 0 = padding) → L2-normalised [B,D].</summary>
    public static string Encode(OnnxGraph g, TextEncoder encoder, TextConfig config, string tokens, string mask, string name)
    {
        var padding = g.Unsqueeze(g.Op("Equal", $"{name}.is_padding", [mask, g.Scalar(0f, $"{name}.zero")]), [1, 2], $"{name}.key_padding");
        switch (encoder)
        {
            case PooledTextEncoder pooled:
            {
                var trunk = Trunk(pooled);
                var states = States(g, trunk, config, tokens, padding, $"{name}.trunk");
                var feature = Pool(g, states, config.Pooling, tokens, mask, $"{name}.trunk.pool");
                if (OptionalTensor(trunk, "text_projection") is { } projection) feature = g.Project(feature, projection, $"{name}.trunk.text_projection");
                return g.L2Normalize(feature, $"{name}.normalized");
            }
            case TemporalPaeTextEncoder temporal:
            {
                var trunk = Trunk(temporal);
                var states = States(g, trunk, config, tokens, padding, $"{name}.trunk");
                var t0 = g.Linear(states, Child<Linear>(temporal, "token_proj"), $"{name}.token_proj");
                return PaeEmitter.Temporal(g, Child<TemporalPae>(temporal, "pae"), t0, padding, $"{name}.pae");
            }
            default:
                throw new NotSupportedException($"ONNX export has no emitter for the text encoder {encoder.GetType().Name} yet (supported: pooled, temporal_pae).");
        }
    }

    static TextTransformer Trunk(TextEncoder encoder)
    {
        var trunk = Child<TextTrunk>(encoder, "trunk");
        return trunk as TextTransformer ?? throw new NotSupportedException(
            $"ONNX export has no emitter for the text trunk {trunk.GetType().Name} yet (supported: the CLIP-layout transformer).");
    }

    /// <summary>Token states after <c>ln_final</c> [B,L,W].</summary>
    static string States(OnnxGraph g, TextTransformer trunk, TextConfig config, string tokens, string padding, string name)
    {
        var ids = g.Op("Cast", $"{name}.ids", [tokens], OnnxAttribute.Of("to", (long)OnnxElementType.Int64));
        var embedded = g.Op("Gather", $"{name}.token_embedding", [g.Weight(Child<Embedding>(trunk, "token_embedding").weight!, $"{name}.token_embedding.weight"), ids],
            OnnxAttribute.Of("axis", 0L));
        var length = g.Slice(g.Op("Shape", $"{name}.ids_shape", [tokens]), 0, 1, 2, $"{name}.length");
        var zero = g.Int64s([0], $"{name}.start");
        var axis0 = g.Int64s([0], $"{name}.axis0");
        var positions = g.Op("Slice", $"{name}.positions", [g.Weight(Tensor(trunk, "positional_embedding"), $"{name}.positional_embedding"), zero, length, axis0]);
        var x = g.Op("Add", $"{name}.embedded", [embedded, positions]);

        string? blocked = null;
        if (config.Causal)
        {
            int c = config.ContextLength;
            var future = new bool[c * c];
            for (int i = 0; i < c; i++) for (int j = i + 1; j < c; j++) future[i * c + j] = true;
            var full = g.Bools(future, [c, c], $"{name}.causal_full");
            blocked = g.Op("Slice", $"{name}.causal", [full, g.Int64s([0, 0], $"{name}.causal_start"),
                g.Concat(0, $"{name}.causal_end", length, length), g.Int64s([0, 1], $"{name}.causal_axes")]);
        }
        x = TransformerEmitter.Emit(g, Child<Transformer>(trunk, "transformer"), x, padding, blocked, $"{name}.transformer");
        return g.LayerNorm(x, Child<LayerNorm>(trunk, "ln_final"), $"{name}.ln_final");
    }

    /// <summary>The state that represents each caption, [B,W].</summary>
    static string Pool(OnnxGraph g, string states, TextPooling pooling, string tokens, string mask, string name)
    {
        if (pooling == TextPooling.First) return g.Select(states, 1, 0, name);
        string index = pooling switch
        {
            // ArgMax over int64 is what ONNX runtimes lack (openai/CLIP#219); ids < 2^24 are exact as float32, and
            // ArgMax returns the first maximum, as torch.argmax does for the one end-of-text token.
            TextPooling.EotArgmax => g.Op("ArgMax", $"{name}.eot", [g.Op("Cast", $"{name}.ids_float", [tokens], OnnxAttribute.Of("to", (long)OnnxElementType.Float))],
                OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("keepdims", 1L)),
            TextPooling.EotMask => EotFromMask(g, mask, name),
            _ => throw new NotSupportedException($"ONNX export: text pooling {pooling} has no emitter."),
        };
        var width = g.Slice(g.Op("Shape", $"{name}.states_shape", [states]), 0, 2, 3, $"{name}.width");
        var shape = g.Concat(0, $"{name}.index_shape", g.Op("Shape", $"{name}.index_dims", [index]), width);
        var gather = g.Op("Expand", $"{name}.index", [g.Unsqueeze(index, [-1], $"{name}.index_col"), shape]);
        return g.Squeeze(g.Op("GatherElements", $"{name}.gathered", [states, gather], OnnxAttribute.Of("axis", 1L)), [1], name);
    }

    /// <summary>Last token position from the mask: <c>max(count(mask ≠ 0) − 1, 0)</c> as int64 [B,1].</summary>
    static string EotFromMask(OnnxGraph g, string mask, string name)
    {
        var tokens = g.Op("Cast", $"{name}.is_token", [g.Op("Not", $"{name}.not_padding", [g.Op("Equal", $"{name}.mask_zero", [mask, g.Scalar(0f, $"{name}.zero")])])],
            OnnxAttribute.Of("to", (long)OnnxElementType.Int64));
        var count = g.Op("ReduceSum", $"{name}.count", [tokens, g.Int64s([1], $"{name}.sum_axis")], OnnxAttribute.Of("keepdims", 1L));
        var last = g.Op("Sub", $"{name}.last", [count, g.Int64s([1], $"{name}.one", dims: [])]);
        return g.Op("Max", $"{name}.clamped", [last, g.Int64s([0], $"{name}.zero_index", dims: [])]);
    }
}
