using Microsoft.ML;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Transforms.Mapping;
using PriorClip.MLNet.Transforms.Persistence;
using TorchSharp;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>
/// Encodes images and captions into PriorCLIP's joint space. Produced by
/// <c>mlContext.Transforms.PriorClipEncode(...)</c> and by the PriorClip trainer.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Columns</term><description>Type</description></listheader>
/// <item><term>Input: Pixels (optional)</term><description>Vector&lt;Single, 3·S·S&gt;, planar RGB 0–255 (<c>ExtractPixels</c> defaults)</description></item>
/// <item><term>Input: Instruction (models with an external prior)</term><description>Vector&lt;Single, P&gt;</description></item>
/// <item><term>Input: Tokens + TokenMask (optional)</term><description>Vector&lt;Int32, L&gt; and Vector&lt;Single, L&gt; from <c>PriorClipTokenize</c></description></item>
/// <item><term>Output: ImageEmbedding</term><description>Vector&lt;Single, D&gt;, L2-normalised; present when Pixels is</description></item>
/// <item><term>Output: TextEmbedding</term><description>Vector&lt;Single, D&gt;, L2-normalised; present when Tokens is</description></item>
/// </list>
/// Either input side may be absent, so image-only archives and text-only queries both work.
/// The CLIP mean/std normalisation is applied inside (its values are saved with the model).
/// Transforming a data view encodes <see cref="PriorClipEncodeOptions.BatchSize"/> rows at a
/// time, and identical images within a batch (a caption dataset repeats each image per
/// caption) once. Saved by <c>mlContext.Model.Save</c> with its config and weights.
/// </remarks>
public sealed class PriorClipEncodeTransformer : PriorClipTransformerBase
{
    /// <summary>Our component kind (also the ML.NET loader signature).</summary>
    internal const string Kind = "PriorClipEncode";

    const string WeightsBlob = "weights";

    /// <summary>Registration record (see <see cref="PriorClipTransformersRegistration"/>).</summary>
    internal static readonly PriorClipComponentInfo Registration = new(
        Kind, ModelSignature: "PCLPENCD", LoaderSignature: Kind, typeof(PriorClipEncodeTransformer), ComponentVersion: 1, Load);

    /// <summary>The persisted config.</summary>
    internal sealed record Config(PriorClipEncodeOptions Options, string ModelConfigJson, float[] Mean, float[] Std, string[] SceneClasses);

    readonly PriorClipEncodeOptions _options;
    readonly EncodeBatchComputer _computer;

    internal PriorClipEncodeTransformer(PriorClipModel model, PixelNormalization normalization, PriorClipEncodeOptions options, IReadOnlyList<string>? sceneClasses = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        normalization.Validate();
        model.eval();
        Model = model;
        Normalization = normalization;
        SceneClasses = sceneClasses?.ToArray() ?? [];
        _options = options;
        var device = model.parameters().First().device;
        _computer = new EncodeBatchComputer(new PriorClipBatchEncoder(model, normalization, device, options.BatchSize));
    }

    /// <summary>The TorchSharp model (in evaluation mode).</summary>
    public PriorClipModel Model { get; }

    /// <summary>The pixel normalisation applied before the image encoder.</summary>
    public PixelNormalization Normalization { get; }

    /// <summary>Scene classes the model's prior was trained on (empty when none), in class-index order.</summary>
    public IReadOnlyList<string> SceneClasses { get; }

    /// <summary>Embedding width D.</summary>
    public int EmbeddingDimension => Model.EmbedDim;

    /// <summary>Side S of the square images the model expects.</summary>
    public int ImageSize => Model.ImageSize;

    /// <summary>Column names and batch size.</summary>
    public PriorClipEncodeOptions Options => _options;

    internal override PriorClipComponentInfo Component => Registration;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        var binding = EncodeBinding.Bind(inputSchema, _options, Model);
        return new EncodeRowMapper(inputSchema, binding, binding.Outputs(_options, Model.EmbedDim), _computer);
    }

    private protected override IDataView TransformCore(IDataView input)
    {
        var binding = EncodeBinding.Bind(input.Schema, _options, Model);
        return new BatchedEncodeDataView(input, binding, binding.Outputs(_options, Model.EmbedDim), _computer, _options.BatchSize);
    }

    private protected override void SaveCore(PriorClipModelWriter writer)
    {
        writer.SetConfig(new Config(_options, Model.Config.ToJson(), Normalization.Mean, Normalization.Std, SceneClasses.ToArray()));
        writer.AddBlob(WeightsBlob, stream =>
        {
            using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            Model.save(w);
        });
    }

    static PriorClipTransformerBase Load(PriorClipModelReader reader)
    {
        var config = reader.GetConfig<Config>();
        PriorClipModelConfig modelConfig;
        try
        {
            modelConfig = PriorClipModelConfig.Parse(config.ModelConfigJson);
        }
        catch (ModelConfigException e)
        {
            throw new PriorClipModelFormatException($"{Kind}: the model config stored in the .zip is invalid: {e.Message}");
        }
        var model = PriorClipModelFactory.Create(modelConfig);
        LoadWeights(model, reader.ReadBlob(WeightsBlob));
        return new PriorClipEncodeTransformer(model, new PixelNormalization(config.Mean, config.Std), config.Options, config.SceneClasses);
    }

    /// <summary>
    /// Loads weights written by <c>Module.save</c> into <paramref name="model"/>; weights of another
    /// architecture get an error naming the config and the first tensor that does not fit.
    /// </summary>
    internal static void LoadWeights(PriorClipModel model, byte[] weights)
    {
        var expected = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        try
        {
            using var r = new BinaryReader(new MemoryStream(weights));
            model.load(r, strict: true);
        }
        catch (Exception e)
        {
            // TorchSharp's message names no tensor: read the stored names and shapes to say which one differs.
            string detail = DescribeMismatch(expected, weights) ?? e.Message;
            throw new PriorClipModelFormatException($"{Kind}: the stored weights do not fit model config '{model.Config.Name}': {detail}");
        }
    }

    static string? DescribeMismatch(Dictionary<string, long[]> expected, byte[] weights)
    {
        var stored = new Dictionary<string, long[]>();
        try
        {
            // Module.save layout: LEB128 count, then per tensor: name (length-prefixed string),
            // LEB128 element type, LEB128 rank, LEB128 dimensions, raw data.
            using var r = new BinaryReader(new MemoryStream(weights));
            long count = Leb128(r);
            for (long i = 0; i < count; i++)
            {
                string name = r.ReadString();
                long type = Leb128(r);
                long rank = Leb128(r);
                var shape = new long[rank];
                for (int d = 0; d < rank; d++) shape[d] = Leb128(r);
                stored[name] = shape;
                long elements = shape.Aggregate(1L, (a, b) => a * b);
                r.BaseStream.Seek(elements * ElementSize(type), SeekOrigin.Current);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentOutOfRangeException)
        {
            return null;
        }
        foreach (var (name, shape) in expected)
        {
            if (!stored.TryGetValue(name, out var found)) return $"tensor '{name}' is missing from the stored weights";
            if (!found.SequenceEqual(shape))
                return $"tensor '{name}' is stored as [{string.Join(", ", found)}] but the config needs [{string.Join(", ", shape)}]";
        }
        var extra = stored.Keys.FirstOrDefault(k => !expected.ContainsKey(k));
        return extra is null ? null : $"the stored weights have tensor '{extra}', which the config does not";
    }

    static long Leb128(BinaryReader r)
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = r.ReadByte();
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    // TorchSharp ScalarType codes: Byte 0, Int8 1, Int16 2, Int32 3, Int64 4, Float16 5, Float32 6, Float64 7, Bool 11, BFloat16 15.
    static long ElementSize(long type) => type switch
    {
        0 or 1 or 11 => 1,
        2 or 5 or 15 => 2,
        3 or 6 => 4,
        4 or 7 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown element type"),
    };
}
