using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>
/// The vocabulary and merge list of CLIP's byte-level BPE, read from the files CLIP models ship:
/// Hugging Face's <c>vocab.json</c> + <c>merges.txt</c>, or OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c>.
/// Pass it to <c>PriorClipTokenize</c> to tokenize as CLIP does; the tokenizer stores it inside the model .zip.
/// </summary>
public sealed class ClipBpeVocabulary
{
    /// <summary>CLIP's start-of-text token.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>CLIP's end-of-text token.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>CLIP's end-of-word marker appended to a word's last symbol.</summary>
    public const string EndOfWord = "</w>";

    // OpenAI's SimpleTokenizer keeps merges[1 : 49152 - 256 - 2 + 1]: 48,894 merges after the header line.
    private const int OpenAiMergeCount = 49152 - 256 - 2;

    internal ClipBpeVocabulary(IReadOnlyDictionary<string, int> tokenIds, IReadOnlyList<string> merges)
    {
        if (!tokenIds.ContainsKey(StartOfText) || !tokenIds.ContainsKey(EndOfText))
            throw new InvalidDataException($"A CLIP vocabulary must contain '{StartOfText}' and '{EndOfText}'.");
        TokenIds = tokenIds;
        Merges = merges;
    }

    /// <summary>Token → id.</summary>
    public IReadOnlyDictionary<string, int> TokenIds { get; }

    /// <summary>Merge rules in rank order, each "left right".</summary>
    public IReadOnlyList<string> Merges { get; }

    /// <summary>Id of <see cref="StartOfText"/>.</summary>
    public int StartOfTextId => TokenIds[StartOfText];

    /// <summary>Id of <see cref="EndOfText"/>.</summary>
    public int EndOfTextId => TokenIds[EndOfText];

    /// <summary>Reads Hugging Face's <c>vocab.json</c> (token → id) and <c>merges.txt</c> ("#version" header optional).</summary>
    /// <param name="vocabJsonPath">Path of <c>vocab.json</c>.</param>
    /// <param name="mergesPath">Path of <c>merges.txt</c>.</param>
    /// <returns>The vocabulary.</returns>
    public static ClipBpeVocabulary FromHuggingFaceFiles(string vocabJsonPath, string mergesPath)
    {
        using var vocab = File.OpenRead(vocabJsonPath);
        using var merges = File.OpenRead(mergesPath);
        return FromHuggingFace(vocab, merges);
    }

    /// <summary>Reads Hugging Face's <c>vocab.json</c> and <c>merges.txt</c> from streams.</summary>
    /// <param name="vocabJson">The <c>vocab.json</c> content.</param>
    /// <param name="mergesText">The <c>merges.txt</c> content.</param>
    /// <returns>The vocabulary.</returns>
    public static ClipBpeVocabulary FromHuggingFace(Stream vocabJson, Stream mergesText)
    {
        var ids = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabJson)
            ?? throw new InvalidDataException("vocab.json is empty.");
        using var reader = new StreamReader(mergesText, Encoding.UTF8);
        var merges = ParseMerges(reader.ReadToEnd(), int.MaxValue);
        return new ClipBpeVocabulary(ids, merges);
    }

    /// <summary>
    /// Reads OpenAI's gzip'd merge list (<c>bpe_simple_vocab_16e6.txt.gz</c>) and derives the vocabulary the
    /// way CLIP's <c>SimpleTokenizer</c> does: the 256 byte characters of <c>bytes_to_unicode</c>, the same
    /// with <c>&lt;/w&gt;</c>, one token per merge, then <see cref="StartOfText"/> and <see cref="EndOfText"/>.
    /// </summary>
    /// <param name="gzPath">Path of the .txt.gz file.</param>
    /// <returns>The vocabulary.</returns>
    public static ClipBpeVocabulary FromOpenAiGz(string gzPath)
    {
        using var file = File.OpenRead(gzPath);
        return FromOpenAiGz(file);
    }

    /// <summary>Like <see cref="FromOpenAiGz(string)"/>, from a stream of the gzip'd file.</summary>
    /// <param name="gz">The gzip'd merges.</param>
    /// <returns>The vocabulary.</returns>
    public static ClipBpeVocabulary FromOpenAiGz(Stream gz)
    {
        using var unzip = new GZipStream(gz, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(unzip, Encoding.UTF8);
        var merges = ParseMerges(reader.ReadToEnd(), OpenAiMergeCount);
        var tokens = new List<string>(512 + merges.Count + 2);
        tokens.AddRange(ByteLevel.Alphabet);
        tokens.AddRange(ByteLevel.Alphabet.Select(c => c + EndOfWord));
        tokens.AddRange(merges.Select(m => m.Replace(" ", "", StringComparison.Ordinal)));
        tokens.Add(StartOfText);
        tokens.Add(EndOfText);
        var ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
            ids[tokens[i]] = i; // a repeated token keeps its last id, as CLIP's dict(zip(vocab, range(len(vocab)))) does
        return new ClipBpeVocabulary(ids, merges);
    }

    /// <summary>Drops a leading "#version" line and blank lines; keeps at most <paramref name="max"/> merges.</summary>
    private static List<string> ParseMerges(string text, int max)
    {
        var merges = new List<string>();
        foreach (string line in text.Split('\n'))
        {
            string m = line.TrimEnd('\r');
            if (m.Length == 0 || (merges.Count == 0 && m.StartsWith("#version", StringComparison.Ordinal)))
                continue;
            if (m.Split(' ').Length != 2)
                throw new InvalidDataException($"Merge line '{m}' is not two space-separated symbols.");
            merges.Add(m);
            if (merges.Count == max) break;
        }
        return merges;
    }
}
