using System.Text.Json;
using System.Text.Json.Serialization;

namespace PriorClip.MLNet.Export.Onnx;

/// <summary>
/// <c>priorclip-onnx.json</c>, written next to the two ONNX files by <see cref="PriorClipOnnxExporter.Export"/>: what a
/// consumer in any language needs to feed the encoders — image size and resizing, pixel scale, mean/std, the tokenizer
/// and its vocabulary file, input and output names — and what ML.NET's serving pipelines read back.
/// </summary>
public sealed record OnnxExportManifest
{
    /// <summary>The file name of the manifest in an export directory.</summary>
    public const string FileName = "priorclip-onnx.json";

    /// <summary>Format marker, always <c>priorclip-onnx</c>.</summary>
    public string Format { get; init; } = "priorclip-onnx";

    /// <summary>Manifest layout version; readers refuse newer ones.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The version this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Model config name (e.g. <c>tiny</c>).</summary>
    public string ModelConfig { get; init; } = "";

    /// <summary>Image encoder file, relative to the manifest.</summary>
    public string ImageEncoder { get; init; } = PriorClipOnnxExporter.ImageEncoderFileName;

    /// <summary>Text encoder file, relative to the manifest.</summary>
    public string TextEncoder { get; init; } = PriorClipOnnxExporter.TextEncoderFileName;

    /// <summary>Side S of the square input images.</summary>
    public int ImageSize { get; init; }

    /// <summary>How images are brought to S×S: <c>fill</c> (stretched, bilinear) or <c>iso_crop</c> (shortest side to S, centre crop).</summary>
    public string Resizing { get; init; } = "fill";

    /// <summary>What the Pixels input holds.</summary>
    public string PixelFormat { get; init; } = "float32 [batch,3,S,S], planar RGB on the 0-255 scale; the graph divides by 255 and applies mean/std";

    /// <summary>Per-channel mean on the 0–1 scale (R, G, B), applied inside the graph.</summary>
    public float[] Mean { get; init; } = [];

    /// <summary>Per-channel standard deviation on the 0–1 scale, applied inside the graph.</summary>
    public float[] Std { get; init; } = [];

    /// <summary>Width P of the Instruction input, 0 when the image encoder has none (built-in prior or no prior).</summary>
    public int InstructionWidth { get; init; }

    /// <summary>Joint embedding width D of both outputs (unit rows).</summary>
    public int EmbeddingDimension { get; init; }

    /// <summary>Longest token sequence the text encoder accepts.</summary>
    public int ContextLength { get; init; }

    /// <summary>The tokenizer the text encoder was trained with.</summary>
    public OnnxTokenizerDescription Tokenizer { get; init; } = new();

    /// <summary>ONNX opset of both graphs.</summary>
    public int Opset { get; init; } = OnnxGraph.Opset;

    /// <summary>Writes the manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads <paramref name="path"/> (a manifest file or an export directory); every problem names the file.</summary>
    /// <exception cref="InvalidDataException">Not a manifest, malformed, or from a newer format version.</exception>
    /// <exception cref="FileNotFoundException">No manifest there.</exception>
    public static OnnxExportManifest Read(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
            throw new FileNotFoundException($"{file}: no ONNX export manifest ({FileName}); make one with `priorclip export --onnx DIR`.", file);
        OnnxExportManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<OnnxExportManifest>(File.ReadAllText(file), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a valid ONNX export manifest (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {e.Message})", e);
        }
        if (manifest is null || manifest.Format != "priorclip-onnx")
            throw new InvalidDataException($"{file}: not a PriorClip ONNX export manifest (format '{manifest?.Format}', expected 'priorclip-onnx').");
        if (manifest.FormatVersion > CurrentFormatVersion)
            throw new InvalidDataException($"{file}: manifest format version {manifest.FormatVersion} is newer than this library reads ({CurrentFormatVersion}); update PriorClip.MLNet.");
        return manifest;
    }

    /// <summary>Full path of <paramref name="relative"/> next to the manifest at <paramref name="manifestPath"/> (file or directory).</summary>
    public static string Resolve(string manifestPath, string relative) =>
        Path.GetFullPath(Path.Combine(Directory.Exists(manifestPath) ? manifestPath : Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, relative));

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The tokenizer an exported text encoder expects.</summary>
public sealed record OnnxTokenizerDescription
{
    /// <summary><c>word</c> (vocabulary learned at Fit) or <c>clip-bpe</c> (OpenAI CLIP's byte-level BPE).</summary>
    public string Kind { get; init; } = "";

    /// <summary>Length L of the token rows the tokenizer makes (the ML.NET Tokens/TokenMask vectors).</summary>
    public int SequenceLength { get; init; }

    /// <summary>Vocabulary file (one token per line, id = line number starting at 0), relative to the manifest; null for clip-bpe.</summary>
    public string? Vocabulary { get; init; }

    /// <summary>The tokenizer alone as an ML.NET model (<c>tokenizer.zip</c>: Caption → Tokens + TokenMask; loads after
    /// <c>RegisterPriorClip()</c>, needs no TorchSharp), relative to the manifest.</summary>
    public string? MlNetModel { get; init; }

    /// <summary>The rules in words, for a consumer that tokenizes without this library.</summary>
    public string Rules { get; init; } = "";
}
