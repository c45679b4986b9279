using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Inference;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>
/// Estimator of <see cref="PriorClipEncodeTransformer"/> around an already trained (or
/// pretrained-weight-loaded) <see cref="PriorClipModel"/>; fitting learns nothing, it checks the
/// input columns. Create it with <c>mlContext.Transforms.PriorClipEncode(...)</c>; to train a
/// model use the PriorClip trainer, whose output is the same transformer.
/// </summary>
public sealed class PriorClipEncodingEstimator : IEstimator<PriorClipEncodeTransformer>
{
    readonly PriorClipModel _model;
    readonly PixelNormalization _normalization;
    readonly PriorClipEncodeOptions _options;

    internal PriorClipEncodingEstimator(PriorClipModel model, PixelNormalization normalization, PriorClipEncodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        normalization.Validate();
        _model = model;
        _normalization = normalization;
        _options = options;
    }

    /// <summary>Checks <paramref name="input"/>'s columns and returns the transformer.</summary>
    /// <param name="input">Data with a pixels column, a tokens column, or both.</param>
    /// <returns>The encode transformer.</returns>
    public PriorClipEncodeTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        EncodeBinding.Bind(input.Schema, _options, _model);
        return new PriorClipEncodeTransformer(_model, _normalization, _options);
    }

    /// <summary>
    /// The input shape plus ImageEmbedding (when the pixels column is present) and TextEmbedding
    /// (when the tokens column is present), each a vector of D Singles. Throws naming a column
    /// that is present with the wrong type, or when neither input is present.
    /// </summary>
    /// <param name="inputSchema">The shape of the input data.</param>
    /// <returns>The shape after the transformer.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        const string kind = PriorClipEncodeTransformer.Kind;
        var pixels = inputSchema.FirstOrDefault(c => c.Name == _options.PixelsColumnName);
        var tokens = inputSchema.FirstOrDefault(c => c.Name == _options.TokensColumnName);
        bool hasPixels = pixels.Name is not null, hasTokens = tokens.Name is not null;
        if (!hasPixels && !hasTokens)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{kind}: neither the pixels column '{_options.PixelsColumnName}' nor the tokens column '{_options.TokensColumnName}' is present. " +
                $"Columns present: {string.Join(", ", inputSchema.Select(c => c.Name))}.");
        if (hasPixels) RequireVector(pixels, NumberDataViewType.Single, "Vector<Single> (planar RGB 0–255 pixels)");
        if (hasTokens)
        {
            RequireVector(tokens, NumberDataViewType.Int32, "Vector<Int32> (token ids)");
            var mask = SchemaShapes.Require(inputSchema, kind, _options.TokenMaskColumnName, "Vector<Single> token mask");
            RequireVector(mask, NumberDataViewType.Single, "Vector<Single> (token mask)");
        }
        var type = new VectorDataViewType(NumberDataViewType.Single, _model.EmbedDim);
        var outputs = new List<DataViewSchema.DetachedColumn>();
        if (hasPixels) outputs.Add(new(_options.ImageEmbeddingColumnName, type));
        if (hasTokens) outputs.Add(new(_options.TextEmbeddingColumnName, type));
        return SchemaShapes.Append(inputSchema, outputs);
    }

    static void RequireVector(SchemaShape.Column column, DataViewType item, string expected)
    {
        if (column.Kind == SchemaShape.Column.VectorKind.Vector && !column.IsKey && column.ItemType.Equals(item)) return;
        throw new ArgumentOutOfRangeException(nameof(column),
            $"{PriorClipEncodeTransformer.Kind}: input column '{column.Name}' has type {SchemaShapes.Describe(column)}, but a fixed-size {expected} column is required.");
    }
}
