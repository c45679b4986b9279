using Microsoft.ML;
using PriorClip.MLNet.Transforms.Mapping;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms.Images;

/// <summary>
/// CLIP's per-channel normalisation of planar pixels: <c>(x / 255 − mean[c]) / std[c]</c> (or without the
/// /255 for 0–1 input). Produced by <see cref="ClipPixelNormalizingEstimator"/>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Columns</term><description>Type</description></listheader>
/// <item><term>Input (e.g. ExtractPixels output)</term><description>Vector&lt;Single&gt; of known size C·H·W, channel-major (ExtractPixels' default, not interleaved)</description></item>
/// <item><term>Output</term><description>Vector&lt;Single&gt;, same size and dimensions</description></item>
/// </list>
/// The channel order is the input's: ExtractPixels' default (<c>ColorsToExtract = Rgb</c>) yields R, G, B,
/// which matches CLIP's mean/std order.
/// </remarks>
public sealed class ClipPixelNormalizingTransformer : PriorClipTransformerBase
{
    /// <summary>Our component kind (also the ML.NET loader signature).</summary>
    internal const string Kind = "PriorClipNormalizePixels";

    /// <summary>Registration record (see <see cref="PriorClipTransformersRegistration"/>).</summary>
    internal static readonly PriorClipComponentInfo Registration = new(
        Kind, ModelSignature: "PCLPNORM", LoaderSignature: Kind, typeof(ClipPixelNormalizingTransformer),
        ComponentVersion: 1, Load);

    /// <summary>The persisted config.</summary>
    internal sealed record Config(string OutputColumnName, string InputColumnName, ClipPixelInputRange InputRange, float[] Mean, float[] Std);

    private readonly Config _config;

    internal ClipPixelNormalizingTransformer(ClipPixelNormalizerOptions options)
        : this(new Config(options.OutputColumnName, options.InputColumnName ?? options.OutputColumnName, options.InputRange, [.. options.Mean], [.. options.Std]))
    {
    }

    private ClipPixelNormalizingTransformer(Config config) => _config = config;

    /// <summary>Per-channel means applied (0–1 scale).</summary>
    public IReadOnlyList<float> Mean => _config.Mean;

    /// <summary>Per-channel standard deviations applied (0–1 scale).</summary>
    public IReadOnlyList<float> Std => _config.Std;

    /// <summary>The input range the transformer expects.</summary>
    public ClipPixelInputRange InputRange => _config.InputRange;

    internal override PriorClipComponentInfo Component => Registration;

    private protected override void SaveCore(PriorClipModelWriter writer) => writer.SetConfig(_config);

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) => ClipPixelNormalizerMapper.Create(inputSchema, _config);

    private static PriorClipTransformerBase Load(PriorClipModelReader reader)
    {
        var config = reader.GetConfig<Config>();
        if (config.Mean is null || config.Std is null || config.Mean.Length == 0 || config.Mean.Length != config.Std.Length)
            throw new PriorClipModelFormatException($"{Kind}: the saved mean/std do not have one value per channel.");
        return new ClipPixelNormalizingTransformer(config);
    }
}
