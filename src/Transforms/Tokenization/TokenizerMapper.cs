using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms.Mapping;

namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>Maps the text column of each row to the Tokens and TokenMask vectors.</summary>
internal sealed class TokenizerMapper : ColumnMapper
{
    private readonly DataViewSchema.Column _input;
    private readonly ITextTokenizer _tokenizer;

    private TokenizerMapper(DataViewSchema schema, DataViewSchema.Column input, ITextTokenizer tokenizer, IReadOnlyList<DataViewSchema.DetachedColumn> outputs)
        : base(schema, outputs)
    {
        _input = input;
        _tokenizer = tokenizer;
    }

    internal static TokenizerMapper Create(DataViewSchema schema, PriorClipTokenizingTransformer.Config config, ITextTokenizer tokenizer)
    {
        var input = SchemaShapes.RequireColumn(schema, PriorClipTokenizingTransformer.Kind, config.InputColumnName, TextDataViewType.Instance, "scalar String (text)");
        return new TokenizerMapper(schema, input, tokenizer, OutputColumns(config, tokenizer.SequenceLength, tokenizer.VocabularySize));
    }

    /// <summary>
    /// The Tokens and TokenMask columns. With a known <paramref name="vocabularySize"/>, Tokens carries it as
    /// an Int32 annotation named "VocabularySize", so a downstream trainer can size its embedding table.
    /// </summary>
    internal static DataViewSchema.DetachedColumn[] OutputColumns(PriorClipTokenizingTransformer.Config config, int length, int? vocabularySize = null)
    {
        var annotations = new DataViewSchema.Annotations.Builder();
        if (vocabularySize is int size)
            annotations.Add(VocabularySizeAnnotation, NumberDataViewType.Int32, (ref int value) => value = size);
        return
        [
            new(config.TokensColumnName, new VectorDataViewType(NumberDataViewType.Int32, length), annotations.ToAnnotations()),
            new(config.MaskColumnName, new VectorDataViewType(NumberDataViewType.Single, length)),
        ];
    }

    /// <summary>Name of the Tokens annotation holding the vocabulary size.</summary>
    internal const string VocabularySizeAnnotation = "VocabularySize";

    internal override IEnumerable<DataViewSchema.Column> Dependencies => [_input];

    internal override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        int length = _tokenizer.SequenceLength;
        var textGetter = input.GetGetter<ReadOnlyMemory<char>>(_input);
        var ids = new int[length];
        int count = 0;
        long cachedPosition = -1;
        ReadOnlyMemory<char> text = default;

        // Both outputs come from one tokenization; cache it per row position.
        void Ensure()
        {
            if (cachedPosition == input.Position) return;
            textGetter(ref text);
            try
            {
                count = _tokenizer.Encode(text.Span, ids);
            }
            catch (EmptyCaptionException e)
            {
                throw new InvalidOperationException(
                    $"{PriorClipTokenizingTransformer.Kind}: row {input.Position} of column '{_input.Name}' cannot be tokenized: {e.Message} (value: \"{text}\").");
            }
            cachedPosition = input.Position;
        }

        ValueGetter<VBuffer<int>> tokens = (ref VBuffer<int> dst) =>
        {
            Ensure();
            var editor = VBufferEditor.Create(ref dst, length);
            ids.AsSpan().CopyTo(editor.Values);
            dst = editor.Commit();
        };
        ValueGetter<VBuffer<float>> mask = (ref VBuffer<float> dst) =>
        {
            Ensure();
            var editor = VBufferEditor.Create(ref dst, length);
            editor.Values[..count].Fill(1f);
            editor.Values[count..].Clear();
            dst = editor.Commit();
        };
        return [isOutputActive(0) ? tokens : null, isOutputActive(1) ? mask : null];
    }
}
