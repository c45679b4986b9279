using System.Text;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>
/// The closed-domain (PIR) word-level tokenizer: lower-case, punctuation removed, '-' and '/' split words,
/// at most <see cref="MaxWords"/> words, then <c>[CLS] w1 … wn [SEP] [PAD]…</c>. The vocabulary is learned
/// from the training captions; words seen fewer than the minimum frequency map to <c>[UNK]</c>.
/// </summary>
internal sealed class WordTokenizer : ITextTokenizer
{
    internal const string Pad = "[PAD]", Unk = "[UNK]", Cls = "[CLS]", Sep = "[SEP]";
    internal const int PadId = 0, UnkId = 1, ClsId = 2, SepId = 3;
    internal const string VocabBlob = "vocab.txt";

    private readonly Dictionary<string, int> _ids;

    internal WordTokenizer(IReadOnlyList<string> vocabulary, int maxWords)
    {
        if (vocabulary.Count < 4 || vocabulary[PadId] != Pad || vocabulary[UnkId] != Unk || vocabulary[ClsId] != Cls || vocabulary[SepId] != Sep)
            throw new PriorClipModelFormatException("Word vocabulary must start with [PAD], [UNK], [CLS], [SEP].");
        Vocabulary = vocabulary;
        MaxWords = maxWords;
        _ids = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (int i = 0; i < vocabulary.Count; i++)
            _ids.Add(vocabulary[i], i);
    }

    /// <summary>Tokens by id.</summary>
    internal IReadOnlyList<string> Vocabulary { get; }

    /// <summary>The word cap (PIR: 30).</summary>
    internal int MaxWords { get; }

    public int SequenceLength => MaxWords + 2;

    /// <inheritdoc />
    public int VocabularySize => Vocabulary.Count;

    /// <summary>Learns the vocabulary: specials, then words by descending count, ties in ordinal order.</summary>
    internal static WordTokenizer Learn(IEnumerable<string> captions, int maxWords, int minFrequency)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string caption in captions)
            foreach (string w in Words(caption, maxWords))
                counts[w] = counts.GetValueOrDefault(w) + 1;
        var words = counts.Where(kv => kv.Value >= minFrequency)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key);
        return new WordTokenizer([Pad, Unk, Cls, Sep, .. words], maxWords);
    }

    /// <summary>
    /// PIR's caption cleaning, generalised to Unicode: lower-case (invariant), '-' and '/' become spaces,
    /// other punctuation and symbols are removed, whitespace splits words; the first <paramref name="maxWords"/> are kept.
    /// </summary>
    internal static List<string> Words(ReadOnlySpan<char> text, int maxWords)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = char.ToLowerInvariant(text[i]);
            if (char.IsWhiteSpace(c) || c is '-' or '/')
            {
                Flush();
                if (words.Count == maxWords) break;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                current.Append(c).Append(text[++i]);
            else if (char.IsSurrogate(c))
                // A lone surrogate has no UTF-8 form: the vocabulary is stored as UTF-8 in the model .zip, where it would
                // come back as U+FFFD and no longer match the caption. Reading it as U+FFFD here keeps Fit, Transform and a
                // reloaded model in agreement.
                current.Append('\uFFFD');
            else if (!char.IsPunctuation(c) && !char.IsSymbol(c))
                current.Append(c);
        }
        if (words.Count < maxWords) Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    public int Encode(ReadOnlySpan<char> text, Span<int> ids)
    {
        var words = Words(text, MaxWords);
        if (words.Count == 0)
            throw new EmptyCaptionException("it has no words after lower-casing and removing punctuation");
        ids.Clear();
        ids[0] = ClsId;
        for (int i = 0; i < words.Count; i++)
            ids[i + 1] = _ids.TryGetValue(words[i], out int id) ? id : UnkId;
        ids[words.Count + 1] = SepId;
        return words.Count + 2;
    }

    public void Save(PriorClipModelWriter writer) => writer.AddTextBlob(VocabBlob, string.Join('\n', Vocabulary));

    internal static WordTokenizer Load(PriorClipModelReader reader, int maxWords) =>
        new(reader.ReadTextBlob(VocabBlob).Split('\n'), maxWords);
}
