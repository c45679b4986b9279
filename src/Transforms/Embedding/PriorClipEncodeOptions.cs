namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>Column names and batching of <c>mlContext.Transforms.PriorClipEncode</c>.</summary>
public sealed class PriorClipEncodeOptions
{
    /// <summary>Pixels column: vector of Single, planar RGB 0–255, 3 × S × S. Default "Pixels".</summary>
    public string PixelsColumnName { get; set; } = "Pixels";

    /// <summary>External visual prior column (vector of Single), for models that need one. Default "Instruction".</summary>
    public string InstructionColumnName { get; set; } = "Instruction";

    /// <summary>Token ids column: vector of Int32. Default "Tokens".</summary>
    public string TokensColumnName { get; set; } = "Tokens";

    /// <summary>Token mask column: vector of Single (1 token, 0 padding), as long as the ids. Default "TokenMask".</summary>
    public string TokenMaskColumnName { get; set; } = "TokenMask";

    /// <summary>Output image embedding column (vector of Single, L2-normalised). Default "ImageEmbedding".</summary>
    public string ImageEmbeddingColumnName { get; set; } = "ImageEmbedding";

    /// <summary>Output text embedding column (vector of Single, L2-normalised). Default "TextEmbedding".</summary>
    public string TextEmbeddingColumnName { get; set; } = "TextEmbedding";

    /// <summary>Rows encoded together when transforming a data view. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Throws for an empty name or a non-positive batch size, naming the setting.</summary>
    public void Validate()
    {
        foreach (var (value, name) in new[] { (PixelsColumnName, nameof(PixelsColumnName)), (InstructionColumnName, nameof(InstructionColumnName)),
                     (TokensColumnName, nameof(TokensColumnName)), (TokenMaskColumnName, nameof(TokenMaskColumnName)),
                     (ImageEmbeddingColumnName, nameof(ImageEmbeddingColumnName)), (TextEmbeddingColumnName, nameof(TextEmbeddingColumnName)) })
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must name a column", name);
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be positive");
    }
}
