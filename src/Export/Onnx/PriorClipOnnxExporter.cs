using System.Globalization;
using System.Reflection;
using PriorClip.MLNet.Export.Onnx.Emitters;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Inference;

namespace PriorClip.MLNet.Export.Onnx;

/// <summary>
/// Writes a PriorCLIP model's image and text encoders as two ONNX models (opset 17) that ONNX Runtime, ML.NET's
/// <c>ApplyOnnxModel</c>, Python or JavaScript run without TorchSharp. TorchSharp has no ONNX exporter, so each graph is
/// built from the model's own modules, one emitter per layer type (<c>Export/Onnx/Emitters</c>).
/// </summary>
/// <remarks>
/// <para>Image model: input <c>Pixels</c> float [batch,3,S,S], planar RGB on the 0–255 scale (what ML.NET's
/// <c>ExtractPixels</c> gives; the CLIP mean/std normalisation is inside the graph), plus <c>Instruction</c> float
/// [batch,P] for models with an external prior; output <c>ImageEmbedding</c> float [batch,D], unit rows.</para>
/// <para>Text model: inputs <c>Tokens</c> int32 [batch,sequence] and <c>TokenMask</c> float [batch,sequence] (1 = token,
/// 0 = padding), the columns <c>PriorClipTokenize</c> makes; output <c>TextEmbedding</c> float [batch,D], unit rows.
/// Token ids are int32 because that is ML.NET's column type (no conversion step in a pipeline) and ids stay far below
/// 2³¹; the sequence may be shorter than the context length.</para>
/// <para>Each model's metadata (<c>metadata_props</c>) holds the input size, mean/std, context length, embedding width,
/// tokenizer and the model config as JSON, so a consumer needs nothing else.</para>
/// </remarks>
public static class PriorClipOnnxExporter
{
    /// <summary>ONNX input: pixels.</summary>
    public const string PixelsInput = "Pixels";
    /// <summary>ONNX input: external instruction (prior feature).</summary>
    public const string InstructionInput = "Instruction";
    /// <summary>ONNX input: token ids.</summary>
    public const string TokensInput = "Tokens";
    /// <summary>ONNX input: token mask.</summary>
    public const string TokenMaskInput = "TokenMask";
    /// <summary>ONNX output: image embedding.</summary>
    public const string ImageEmbeddingOutput = "ImageEmbedding";
    /// <summary>ONNX output: caption embedding.</summary>
    public const string TextEmbeddingOutput = "TextEmbedding";

    /// <summary>The image encoder (prior, pixel normalisation and L2 normalisation included) as ONNX model bytes.</summary>
    /// <param name="model">The model (any device; it is read, not changed).</param>
    /// <param name="normalization">The pixel normalisation the model was trained with.</param>
    /// <param name="tokenizer">Describes the tokenizer for the metadata; null to leave it out.</param>
    public static byte[] ExportImageEncoder(PriorClipModel model, PixelNormalization normalization, OnnxTokenizerInfo? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(normalization);
        normalization.Validate();
        using var eval = new EvalMode(model);
        var g = new OnnxGraph($"{model.Config.Name}.image_encoder");
        int s = model.ImageSize;
        var pixels = g.Input(PixelsInput, OnnxElementType.Float, "batch", 3L, (long)s, (long)s);
        string? instruction = model.RequiresExternalInstruction
            ? g.Input(InstructionInput, OnnxElementType.Float, "batch", (long)model.InstructionWidth)
            : null;
        var embedding = ImageEmitter.Encode(g, model, normalization, pixels, instruction);
        g.Output(embedding, ImageEmbeddingOutput, OnnxElementType.Float, "batch", (long)model.EmbedDim);
        return g.ToModel(Metadata(model, normalization, tokenizer, "image"), ProducerVersion, $"PriorCLIP image encoder ({model.Config.Name})");
    }

    /// <summary>The text encoder (L2 normalisation included) as ONNX model bytes.</summary>
    /// <param name="model">The model.</param>
    /// <param name="normalization">Recorded in the metadata only (so either file describes the whole model).</param>
    /// <param name="tokenizer">Describes the tokenizer for the metadata; null to leave it out.</param>
    public static byte[] ExportTextEncoder(PriorClipModel model, PixelNormalization normalization, OnnxTokenizerInfo? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(normalization);
        using var eval = new EvalMode(model);
        var g = new OnnxGraph($"{model.Config.Name}.text_encoder");
        var tokens = g.Input(TokensInput, OnnxElementType.Int32, "batch", "sequence");
        var mask = g.Input(TokenMaskInput, OnnxElementType.Float, "batch", "sequence");
        var embedding = TextEmitter.Encode(g, model.Text, model.Config.Text, tokens, mask, "text");
        g.Output(embedding, TextEmbeddingOutput, OnnxElementType.Float, "batch", (long)model.EmbedDim);
        return g.ToModel(Metadata(model, normalization, tokenizer, "text"), ProducerVersion, $"PriorCLIP text encoder ({model.Config.Name})");
    }

    static string ProducerVersion =>
        typeof(PriorClipOnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    static Dictionary<string, string> Metadata(PriorClipModel model, PixelNormalization normalization, OnnxTokenizerInfo? tokenizer, string side)
    {
        static string List(float[] values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var metadata = new Dictionary<string, string>
        {
            ["priorclip.side"] = side,
            ["priorclip.config"] = model.Config.ToJson(),
            ["image_size"] = model.ImageSize.ToString(CultureInfo.InvariantCulture),
            ["pixel_scale"] = "0-255 planar RGB; the graph divides by 255 and applies mean/std",
            ["mean"] = List(normalization.Mean),
            ["std"] = List(normalization.Std),
            ["embed_dim"] = model.EmbedDim.ToString(CultureInfo.InvariantCulture),
            ["context_length"] = model.ContextLength.ToString(CultureInfo.InvariantCulture),
            ["instruction_width"] = model.InstructionWidth.ToString(CultureInfo.InvariantCulture),
        };
        if (tokenizer is not null)
        {
            metadata["tokenizer"] = tokenizer.Kind;
            metadata["sequence_length"] = tokenizer.SequenceLength.ToString(CultureInfo.InvariantCulture);
        }
        return metadata;
    }

    /// <summary>Puts the model in evaluation mode for the export (dropout off, BatchNorm running statistics) and restores it.</summary>
    sealed class EvalMode : IDisposable
    {
        readonly PriorClipModel _model;
        readonly bool _wasTraining;

        public EvalMode(PriorClipModel model)
        {
            _model = model;
            _wasTraining = model.training;
            model.eval();
        }

        public void Dispose()
        {
            if (_wasTraining) _model.train();
        }
    }
}

/// <summary>The tokenizer an exported text encoder expects, recorded in the ONNX metadata.</summary>
/// <param name="Kind">"word" (the vocabulary learned at Fit) or "clip-bpe".</param>
/// <param name="SequenceLength">Length of the Tokens / TokenMask vectors the tokenizer makes.</param>
public sealed record OnnxTokenizerInfo(string Kind, int SequenceLength);
