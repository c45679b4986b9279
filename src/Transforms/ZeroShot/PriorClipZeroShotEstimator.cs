using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.ZeroShot;

/// <summary>
/// Estimator of <see cref="PriorClipZeroShotTransformer"/>: at <c>Fit</c> it writes every (template, class) prompt,
/// encodes them with the given text encoder, and averages each class's normalised prompt embeddings. Nothing
/// is learned from the data; Fit checks the image embedding column.
/// </summary>
public sealed class PriorClipZeroShotEstimator : IEstimator<PriorClipZeroShotTransformer>
{
    // TransformsCatalog keeps its environment internal; this context only turns the prompts into a data view.
    readonly MLContext _ml = new(seed: 0);
    readonly ITransformer _textEncoder;
    readonly PriorClipZeroShotOptions _options;

    internal PriorClipZeroShotEstimator(ITransformer textEncoder, PriorClipZeroShotOptions options)
    {
        ArgumentNullException.ThrowIfNull(textEncoder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _textEncoder = textEncoder;
        _options = options;
    }

    /// <summary>Encodes the prompts and returns the transformer; throws when the image embedding column is absent or of another width.</summary>
    public PriorClipZeroShotTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (classes, dimension) = ClassEmbeddings();
        var config = new PriorClipZeroShotTransformer.Config(_options.ImageEmbeddingColumnName, _options.PredictedLabelColumnName, _options.ScoreColumnName,
            _options.ClassNames.ToArray(), _options.Templates.ToArray(), _options.LogitScale, dimension);
        SchemaShapes.RequireVector(input.Schema, PriorClipZeroShotTransformer.Kind, _options.ImageEmbeddingColumnName, NumberDataViewType.Single, dimension, "image embeddings");
        return new PriorClipZeroShotTransformer(config, classes);
    }

    /// <summary>The input shape plus PredictedLabel (key over the classes) and Score (Vector&lt;Single, K&gt;).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = SchemaShapes.Require(inputSchema, PriorClipZeroShotTransformer.Kind, _options.ImageEmbeddingColumnName, "Vector<Single> image embeddings");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || !column.ItemType.Equals(NumberDataViewType.Single))
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{PriorClipZeroShotTransformer.Kind}: input column '{column.Name}' has type {SchemaShapes.Describe(column)}, but a fixed-size Vector<Single> (image embeddings) column is required.");
        var config = new PriorClipZeroShotTransformer.Config(_options.ImageEmbeddingColumnName, _options.PredictedLabelColumnName, _options.ScoreColumnName,
            _options.ClassNames.ToArray(), _options.Templates.ToArray(), _options.LogitScale, 0);
        return SchemaShapes.Append(inputSchema, ZeroShotMapper.OutputColumns(config));
    }

    sealed class PromptRow
    {
        public string Caption { get; set; } = "";
    }

    (float[] Classes, int Dimension) ClassEmbeddings()
    {
        var prompts = _options.ClassNames.SelectMany(c => _options.Templates.Select(t => PriorClipZeroShotOptions.Prompt(t, c))).ToList();
        var rows = _ml.Data.LoadFromEnumerable(prompts.Select(p => new PromptRow { Caption = p }));
        if (_options.CaptionColumnName != "Caption")
            rows = _ml.Transforms.CopyColumns(_options.CaptionColumnName, "Caption").Fit(rows).Transform(rows);
        var encoded = _textEncoder.Transform(rows);
        if (encoded.Schema.GetColumnOrNull(_options.TextEmbeddingColumnName) is null)
            throw new ArgumentException($"{PriorClipZeroShotTransformer.Kind}: the text encoder did not produce '{_options.TextEmbeddingColumnName}' from column '{_options.CaptionColumnName}' " +
                                        $"(it produced {string.Join(", ", encoded.Schema.Select(c => c.Name))}); pass the model's text side, e.g. RetrievalModelParts.From(model).TextSide.");
        var embeddings = encoded.GetColumn<float[]>(_options.TextEmbeddingColumnName).ToArray();
        int d = embeddings[0].Length, t = _options.Templates.Count;
        var classes = new float[_options.ClassNames.Count * d];
        for (int c = 0; c < _options.ClassNames.Count; c++)
        {
            var mean = new double[d];
            for (int i = 0; i < t; i++)
            {
                var e = embeddings[c * t + i];
                double norm = Math.Sqrt(e.Sum(v => (double)v * v));
                for (int j = 0; j < d; j++) mean[j] += e[j] / norm;
            }
            double meanNorm = Math.Sqrt(mean.Sum(v => v * v));
            for (int j = 0; j < d; j++) classes[c * d + j] = (float)(mean[j] / meanNorm);
        }
        return (classes, d);
    }
}
