using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Images;

/// <summary>
/// Estimator of <see cref="ClipPixelNormalizingTransformer"/> (nothing to learn: CLIP's statistics are
/// fixed). Create it with <c>mlContext.Transforms.NormalizeClipPixels(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Columns</term><description>Type</description></listheader>
/// <item><term>Input</term><description>Vector&lt;Single&gt; of known size C·H·W (planar)</description></item>
/// <item><term>Output</term><description>Vector&lt;Single&gt;, same size</description></item>
/// </list>
/// </remarks>
public sealed class ClipPixelNormalizingEstimator : IEstimator<ClipPixelNormalizingTransformer>
{
    private readonly ClipPixelNormalizerOptions _options;

    internal ClipPixelNormalizingEstimator(ClipPixelNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Checks the input column and returns the transformer.</summary>
    /// <param name="input">Data with the pixel column.</param>
    /// <returns>The transformer.</returns>
    public ClipPixelNormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new ClipPixelNormalizingTransformer(_options);
        _ = transformer.GetOutputSchema(input.Schema); // validates the column now, not at first use
        return transformer;
    }

    /// <summary>Checks the input column is a known-size Vector&lt;Single&gt; and adds the output column.</summary>
    /// <param name="inputSchema">The shape of the data.</param>
    /// <returns>The shape after the transformer.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string inputName = _options.InputColumnName ?? _options.OutputColumnName;
        string expected = ClipPixelNormalizerMapper.ExpectedDescription(_options.Mean.Count);
        var column = SchemaShapes.Require(inputSchema, ClipPixelNormalizingTransformer.Kind, inputName, expected);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{ClipPixelNormalizingTransformer.Kind}: input column '{inputName}' has type {SchemaShapes.Describe(column)}, but a {expected} column is required.");
        // A SchemaShape carries no vector size, so the channel-count check waits for Fit; any known size
        // (3 here) yields the right shape: VectorKind.Vector of Single.
        return SchemaShapes.Append(inputSchema, [new DataViewSchema.DetachedColumn(_options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, 3))]);
    }
}
