namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>Options of <c>mlContext.Transforms.PriorClipTokenize</c>.</summary>
public sealed class PriorClipTokenizerOptions
{
    /// <summary>Text (String) column to tokenize. Default "Caption".</summary>
    public string InputColumnName { get; set; } = "Caption";

    /// <summary>Output ids: Int32 vector of fixed length. Default "Tokens".</summary>
    public string TokensColumnName { get; set; } = "Tokens";

    /// <summary>Output mask: Single vector of the same length, 1 for real tokens and 0 for padding. Default "TokenMask".</summary>
    public string MaskColumnName { get; set; } = "TokenMask";

    /// <summary>
    /// CLIP's byte-level BPE vocabulary (open-domain). When null (the default) a closed-domain word-level
    /// vocabulary is learned from the input column at <c>Fit</c>.
    /// </summary>
    public ClipBpeVocabulary? ClipVocabulary { get; set; }

    /// <summary>Word-level only: words kept per caption (PIR: 30). The output length is <c>MaxWords + 2</c> ([CLS], [SEP]).</summary>
    public int MaxWords { get; set; } = 30;

    /// <summary>Word-level only: words seen fewer times in the training captions map to [UNK]. Default 1 (keep all).</summary>
    public int MinFrequency { get; set; } = 1;

    /// <summary>CLIP only: output length including start and end tokens (CLIP: 77).</summary>
    public int ContextLength { get; set; } = 77;

    internal void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(InputColumnName), InputColumnName), (nameof(TokensColumnName), TokensColumnName), (nameof(MaskColumnName), MaskColumnName) })
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"{name} must be a column name.", name);
        if (TokensColumnName == MaskColumnName)
            throw new ArgumentException($"TokensColumnName and MaskColumnName are both '{TokensColumnName}'.", nameof(MaskColumnName));
        if (MaxWords < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxWords), MaxWords, "At least one word per caption.");
        if (MinFrequency < 1)
            throw new ArgumentOutOfRangeException(nameof(MinFrequency), MinFrequency, "Minimum frequency is at least 1.");
        if (ContextLength < 2)
            throw new ArgumentOutOfRangeException(nameof(ContextLength), ContextLength, "Room for the start and end tokens is needed (>= 2).");
    }
}
