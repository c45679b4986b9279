using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>
/// Estimator of <see cref="PriorClipTokenizingTransformer"/>: learns a word vocabulary from the captions
/// (closed-domain) or wraps CLIP's BPE vocabulary (open-domain). Create it with
/// <c>mlContext.Transforms.PriorClipTokenize(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Columns</term><description>Type</description></listheader>
/// <item><term>Input: caption</term><description>String</description></item>
/// <item><term>Output: Tokens</term><description>Vector&lt;Int32&gt;, length MaxWords + 2 (word) or ContextLength (CLIP)</description></item>
/// <item><term>Output: TokenMask</term><description>Vector&lt;Single&gt;, same length</description></item>
/// </list>
/// </remarks>
public sealed class PriorClipTokenizingEstimator : IEstimator<PriorClipTokenizingTransformer>
{
    private readonly PriorClipTokenizerOptions _options;

    internal PriorClipTokenizingEstimator(PriorClipTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    private int SequenceLength => _options.ClipVocabulary is null ? _options.MaxWords + 2 : _options.ContextLength;

    /// <summary>Fits the tokenizer: learns the word vocabulary from <paramref name="input"/>, or builds the CLIP tokenizer.</summary>
    /// <param name="input">Training data containing the caption column.</param>
    /// <returns>The fitted transformer.</returns>
    public PriorClipTokenizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = SchemaShapes.RequireColumn(input.Schema, PriorClipTokenizingTransformer.Kind, _options.InputColumnName,
            TextDataViewType.Instance, "scalar String (text)");
        ITextTokenizer tokenizer = _options.ClipVocabulary is { } clip
            ? new ClipBpeTokenizer(clip, _options.ContextLength)
            : WordTokenizer.Learn(ReadCaptions(input, column), _options.MaxWords, _options.MinFrequency);
        return PriorClipTokenizingTransformer.Create(_options, tokenizer);
    }

    private static IEnumerable<string> ReadCaptions(IDataView input, DataViewSchema.Column column)
    {
        using var cursor = input.GetRowCursor([column]);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            if (WordTokenizer.Words(value.Span, 1).Count == 0)
                throw new InvalidOperationException(
                    $"{PriorClipTokenizingTransformer.Kind}: row {cursor.Position} of column '{column.Name}' cannot be tokenized: " +
                    $"it has no words after lower-casing and removing punctuation (value: \"{value}\").");
            yield return value.ToString();
        }
    }

    /// <summary>
    /// Checks that the caption column exists and is a scalar String, and returns the input shape plus the
    /// Tokens (Vector&lt;Int32&gt;) and TokenMask (Vector&lt;Single&gt;) columns.
    /// </summary>
    /// <param name="inputSchema">The shape of the data the estimator would be fitted on.</param>
    /// <returns>The shape after the transformer.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        const string expected = "scalar String (text)";
        var column = SchemaShapes.Require(inputSchema, PriorClipTokenizingTransformer.Kind, _options.InputColumnName, expected);
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.IsKey || column.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{PriorClipTokenizingTransformer.Kind}: input column '{column.Name}' has type {SchemaShapes.Describe(column)}, but a {expected} column is required.");
        var config = new PriorClipTokenizingTransformer.Config(_options.InputColumnName, _options.TokensColumnName, _options.MaskColumnName, "", _options.MaxWords, _options.ContextLength);
        return SchemaShapes.Append(inputSchema, TokenizerMapper.OutputColumns(config, SequenceLength));
    }
}
