using Microsoft.ML;
using PriorClip.MLNet.Transforms.Mapping;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>
/// Tokenizes a caption column into fixed-length ids and a padding mask; produced by
/// <see cref="PriorClipTokenizingEstimator"/>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Columns</term><description>Type</description></listheader>
/// <item><term>Input: caption (default "Caption")</term><description>String</description></item>
/// <item><term>Output: ids (default "Tokens")</term><description>Vector&lt;Int32&gt; of length L</description></item>
/// <item><term>Output: mask (default "TokenMask")</term><description>Vector&lt;Single&gt; of length L, 1 = token, 0 = padding</description></item>
/// </list>
/// Int32 ids: every vocabulary used here is far below 2^31 and Int32 halves memory; convert to Int64 when
/// feeding a TorchSharp embedding. Single mask: usable directly as an attention mask and by ML.NET's
/// numeric transforms. Padding id is 0 in both tokenizers ([PAD] for word-level; CLIP pads with 0 too).
/// An empty or whitespace-only caption throws <see cref="InvalidOperationException"/> naming the row and value.
/// </remarks>
public sealed class PriorClipTokenizingTransformer : PriorClipTransformerBase
{
    /// <summary>Our component kind (also the ML.NET loader signature).</summary>
    internal const string Kind = "PriorClipTokenize";

    /// <summary>Registration record (see <see cref="PriorClipTransformersRegistration"/>).</summary>
    internal static readonly PriorClipComponentInfo Registration = new(
        Kind, ModelSignature: "PCLPTOKN", LoaderSignature: Kind, typeof(PriorClipTokenizingTransformer),
        ComponentVersion: 1, Load);

    /// <summary>The persisted config.</summary>
    internal sealed record Config(string InputColumnName, string TokensColumnName, string MaskColumnName, string Tokenizer, int MaxWords, int ContextLength);

    private const string WordTokenizerName = "word", ClipTokenizerName = "clip-bpe";

    private readonly Config _config;

    internal PriorClipTokenizingTransformer(Config config, ITextTokenizer tokenizer)
    {
        _config = config;
        Tokenizer = tokenizer;
    }

    internal static PriorClipTokenizingTransformer Create(PriorClipTokenizerOptions options, ITextTokenizer tokenizer) =>
        new(new Config(options.InputColumnName, options.TokensColumnName, options.MaskColumnName,
            tokenizer is ClipBpeTokenizer ? ClipTokenizerName : WordTokenizerName, options.MaxWords, options.ContextLength), tokenizer);

    internal ITextTokenizer Tokenizer { get; }

    /// <summary>Length L of the Tokens and TokenMask vectors.</summary>
    public int SequenceLength => Tokenizer.SequenceLength;

    /// <summary>Name of the input text column.</summary>
    public string InputColumnName => _config.InputColumnName;

    /// <summary>The learned word vocabulary (ids are positions), or null for the CLIP tokenizer.</summary>
    public IReadOnlyList<string>? WordVocabulary => (Tokenizer as WordTokenizer)?.Vocabulary;

    internal override PriorClipComponentInfo Component => Registration;

    private protected override void SaveCore(PriorClipModelWriter writer)
    {
        writer.SetConfig(_config);
        Tokenizer.Save(writer);
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) => TokenizerMapper.Create(inputSchema, _config, Tokenizer);

    private static PriorClipTransformerBase Load(PriorClipModelReader reader)
    {
        var config = reader.GetConfig<Config>();
        ITextTokenizer tokenizer = config.Tokenizer switch
        {
            WordTokenizerName => WordTokenizer.Load(reader, config.MaxWords),
            ClipTokenizerName => ClipBpeTokenizer.Load(reader, config.ContextLength),
            _ => throw new PriorClipModelFormatException($"{Kind}: unknown tokenizer '{config.Tokenizer}' in the model."),
        };
        return new PriorClipTokenizingTransformer(config, tokenizer);
    }
}
