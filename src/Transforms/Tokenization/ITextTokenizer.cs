using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>A fitted text tokenizer producing fixed-length id sequences.</summary>
internal interface ITextTokenizer
{
    /// <summary>Length L of every output sequence (real tokens, then padding id 0).</summary>
    int SequenceLength { get; }

    /// <summary>Number of distinct ids the tokenizer can emit (the text encoder's embedding rows).</summary>
    int VocabularySize { get; }

    /// <summary>
    /// Writes the ids of <paramref name="text"/> into <paramref name="ids"/> (length <see cref="SequenceLength"/>),
    /// padding with 0, and returns how many are real tokens (start and end tokens included).
    /// </summary>
    /// <exception cref="EmptyCaptionException">The text has no tokens.</exception>
    int Encode(ReadOnlySpan<char> text, Span<int> ids);

    /// <summary>Writes the tokenizer's config and vocabulary blobs.</summary>
    void Save(PriorClipModelWriter writer);
}

/// <summary>Signals a caption without tokens; the mapper adds the row number and column name.</summary>
internal sealed class EmptyCaptionException(string reason) : Exception(reason);
