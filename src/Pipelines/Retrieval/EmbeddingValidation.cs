namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Value checks shared by every way embeddings enter the evaluator.</summary>
internal static class EmbeddingValidation
{
    /// <summary>Throws naming the row and position of the first NaN or infinity.</summary>
    public static void RequireFinite(ReadOnlySpan<float> row, string rowDescription)
    {
        for (int k = 0; k < row.Length; k++)
        {
            if (!float.IsFinite(row[k]))
                throw new ArgumentException(
                    $"{rowDescription} contains {(float.IsNaN(row[k]) ? "NaN" : "an infinity")} at position {k}; embeddings must be finite.");
        }
    }
}
