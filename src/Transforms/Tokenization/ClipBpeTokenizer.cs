using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>
/// CLIP's text tokenization on top of Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>: HTML-unescape,
/// collapse whitespace, lower-case, split with CLIP's regex, byte-level BPE with <c>&lt;/w&gt;</c> word
/// ends, then <c>&lt;|startoftext|&gt; … &lt;|endoftext|&gt;</c>, truncated to the context length with the
/// end token kept last (as <c>clip.tokenize(truncate=True)</c>). CLIP also runs <c>ftfy.fix_text</c>, which
/// only repairs mis-decoded text (mojibake); it has no .NET equivalent and is not applied.
/// </summary>
internal sealed class ClipBpeTokenizer : ITextTokenizer
{
    internal const string VocabBlob = "vocab.json", MergesBlob = "merges.txt";

    // CLIP's pre-tokenizer pattern without the two special-token alternatives (captions never carry them).
    private static readonly Regex Split = new(
        @"'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+",
        RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    private readonly BpeTokenizer _bpe;

    internal ClipBpeTokenizer(ClipBpeVocabulary vocabulary, int contextLength)
    {
        if (contextLength < 2)
            throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "The context length must leave room for the start and end tokens (>= 2).");
        Vocabulary = vocabulary;
        SequenceLength = contextLength;
        _bpe = BpeTokenizer.Create(new BpeOptions(vocabulary.TokenIds)
        {
            Merges = vocabulary.Merges,
            EndOfWordSuffix = ClipBpeVocabulary.EndOfWord,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(Split, null),
        });
    }

    /// <summary>The vocabulary the tokenizer was built from.</summary>
    internal ClipBpeVocabulary Vocabulary { get; }

    public int SequenceLength { get; }

    /// <inheritdoc />
    /// <remarks>One more than the largest id, so that an embedding table indexed by id has a row for each.</remarks>
    public int VocabularySize => Vocabulary.TokenIds.Values.Max() + 1;

    /// <summary>CLIP's <c>whitespace_clean(basic_clean(text)).lower()</c>, minus ftfy.</summary>
    internal static string Clean(ReadOnlySpan<char> text)
    {
        string s = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text.ToString())).Trim();
        return Whitespace.Replace(s, " ").Trim().ToLowerInvariant();
    }

    public int Encode(ReadOnlySpan<char> text, Span<int> ids)
    {
        string clean = Clean(text);
        if (clean.Length == 0)
            throw new EmptyCaptionException("it is empty or whitespace-only");
        var bpe = _bpe.EncodeToIds(clean, considerPreTokenization: true, considerNormalization: false);
        ids.Clear();
        ids[0] = Vocabulary.StartOfTextId;
        int body = Math.Min(bpe.Count, SequenceLength - 2);
        for (int i = 0; i < body; i++)
            ids[1 + i] = bpe[i];
        ids[body + 1] = Vocabulary.EndOfTextId;
        return body + 2;
    }

    public void Save(PriorClipModelWriter writer)
    {
        writer.AddBlob(VocabBlob, JsonSerializer.SerializeToUtf8Bytes(Vocabulary.TokenIds));
        writer.AddTextBlob(MergesBlob, string.Join('\n', Vocabulary.Merges));
    }

    internal static ClipBpeTokenizer Load(PriorClipModelReader reader, int contextLength)
    {
        using var vocab = new MemoryStream(reader.ReadBlob(VocabBlob));
        using var merges = new MemoryStream(Encoding.UTF8.GetBytes(reader.ReadTextBlob(MergesBlob)));
        return new ClipBpeTokenizer(ClipBpeVocabulary.FromHuggingFace(vocab, merges), contextLength);
    }
}
