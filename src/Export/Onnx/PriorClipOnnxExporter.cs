using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Export.Onnx.Emitters;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms.Tokenization;

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

    /// <summary>Image encoder file name in an export directory.</summary>
    public const string ImageEncoderFileName = "image_encoder.onnx";
    /// <summary>Text encoder file name in an export directory.</summary>
    public const string TextEncoderFileName = "text_encoder.onnx";
    /// <summary>The tokenizer as an ML.NET model in an export directory.</summary>
    public const string TokenizerModelFileName = "tokenizer.zip";
    /// <summary>Word vocabulary file name in an export directory (word tokenizer only).</summary>
    public const string VocabularyFileName = "vocab.txt";

    /// <summary>
    /// Exports a fitted or loaded PriorCLIP pipeline (tokenizer + image steps + <c>PriorClipEncode</c>) into
    /// <paramref name="directory"/>: <c>image_encoder.onnx</c>, <c>text_encoder.onnx</c>, <c>tokenizer.zip</c> (the tokenizer
    /// step as an ML.NET model), <c>priorclip-onnx.json</c> (<see cref="OnnxExportManifest"/>) and, for the word tokenizer,
    /// <c>vocab.txt</c>. Each file is written under a
    /// temporary name and renamed, the manifest last, so a directory with a manifest is always complete.
    /// </summary>
    /// <returns>The manifest written.</returns>
    public static OnnxExportManifest Export(ITransformer model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var parts = RetrievalModelParts.From(model);
        var steps = RetrievalModelParts.Flatten(model).ToList();
        var tokenizer = steps.OfType<PriorClipTokenizingTransformer>().FirstOrDefault()
            ?? throw new ArgumentException("the model has no PriorClipTokenize step, so the text encoder's tokenizer is unknown", nameof(model));
        var encoder = parts.Encoder;
        var resizing = steps.OfType<ImageResizingTransformer>().Select(ResizingOf).DefaultIfEmpty(ImageResizingEstimator.ResizingKind.Fill).First();
        var description = Describe(tokenizer);
        var info = new OnnxTokenizerInfo(description.Kind, description.SequenceLength);

        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllBytes(Path.Combine(directory, ImageEncoderFileName), ExportImageEncoder(encoder.Model, encoder.Normalization, info));
        AtomicFile.WriteAllBytes(Path.Combine(directory, TextEncoderFileName), ExportTextEncoder(encoder.Model, encoder.Normalization, info));
        SaveTokenizer(tokenizer, Path.Combine(directory, TokenizerModelFileName));
        if (tokenizer.WordVocabulary is { } vocabulary)
            AtomicFile.WriteAllText(Path.Combine(directory, VocabularyFileName), string.Join('\n', vocabulary) + "\n");
        var manifest = new OnnxExportManifest
        {
            ModelConfig = encoder.Model.Config.Name,
            ImageSize = encoder.ImageSize,
            Resizing = resizing == ImageResizingEstimator.ResizingKind.IsoCrop ? "iso_crop" : "fill",
            Mean = encoder.Normalization.Mean,
            Std = encoder.Normalization.Std,
            InstructionWidth = encoder.Model.InstructionWidth,
            EmbeddingDimension = encoder.EmbeddingDimension,
            ContextLength = encoder.Model.ContextLength,
            Tokenizer = description,
        };
        AtomicFile.WriteAllText(Path.Combine(directory, OnnxExportManifest.FileName), manifest.ToJson());
        return manifest;
    }

    // ML.NET keeps a fitted resizer's options internal (Columns, ColumnOptions.Resizing); the manifest must say how
    // images are resized, so they are read by reflection, with a clear error if a future ML.NET renames them.
    static ImageResizingEstimator.ResizingKind ResizingOf(ImageResizingTransformer resizer)
    {
        const BindingFlags Any = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var first = (typeof(ImageResizingTransformer).GetProperty("Columns", Any)?.GetValue(resizer) as System.Collections.IEnumerable)?.Cast<object>().FirstOrDefault();
        var member = first?.GetType().GetField("Resizing", Any)?.GetValue(first) ?? first?.GetType().GetProperty("Resizing", Any)?.GetValue(first);
        return member as ImageResizingEstimator.ResizingKind?
            ?? throw new NotSupportedException("ONNX export: this ML.NET version hides ImageResizingTransformer.Columns[].Resizing; cannot tell how the pipeline resizes images.");
    }

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    static void SaveTokenizer(PriorClipTokenizingTransformer tokenizer, string path)
    {
        var ml = new MLContext();
        var definition = Microsoft.ML.Data.SchemaDefinition.Create(typeof(CaptionRow));
        definition[0].ColumnName = tokenizer.InputColumnName;
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<CaptionRow>(), definition).Schema;
        AtomicFile.Write(path, stream => ml.Model.Save(tokenizer, schema, stream));
    }

    static OnnxTokenizerDescription Describe(PriorClipTokenizingTransformer tokenizer) => tokenizer.WordVocabulary is null
        ? new OnnxTokenizerDescription
        {
            Kind = "clip-bpe",
            MlNetModel = TokenizerModelFileName,
            SequenceLength = tokenizer.SequenceLength,
            Rules = "OpenAI CLIP's byte-level BPE (bpe_simple_vocab_16e6): lower-cased, <|startoftext|> (49406) first, <|endoftext|> (49407) last, " +
                    "cut to the sequence length, padded with 0; mask 1 for tokens, 0 for padding",
        }
        : new OnnxTokenizerDescription
        {
            Kind = "word",
            MlNetModel = TokenizerModelFileName,
            SequenceLength = tokenizer.SequenceLength,
            Vocabulary = VocabularyFileName,
            Rules = $"lower-case; punctuation and symbols removed; whitespace, '-' and '/' split words; at most {tokenizer.SequenceLength - 2} words; " +
                    "ids are line numbers in the vocabulary ([PAD]=0, [UNK]=1 for unknown words, [CLS]=2 first, [SEP]=3 last), padded with 0; mask 1 for tokens, 0 for padding",
        };

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
