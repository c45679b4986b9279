namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Options of <see cref="RetrievalCatalog"/>'s evaluator and ranking bridge.</summary>
public sealed class RetrievalEvaluatorOptions
{
    /// <summary>Column with the image's embedding (vector of Single, known or unknown size). Default "ImageEmbedding".</summary>
    public string ImageEmbeddingColumnName { get; set; } = "ImageEmbedding";

    /// <summary>Column with the caption's embedding (vector of Single, known or unknown size). Default "TextEmbedding".</summary>
    public string TextEmbeddingColumnName { get; set; } = "TextEmbedding";

    /// <summary>
    /// Column identifying the image (text, a signed or unsigned integer, or a key). Rows with the same
    /// id describe the same image; images are indexed in first-seen order. Default "ImageId".
    /// </summary>
    public string ImageIdColumnName { get; set; } = "ImageId";

    /// <summary>Optional text column with the image's scene class; enables the per-class breakdown.</summary>
    public string? SceneClassColumnName { get; set; }

    /// <summary>Cutoffs K for R@K (each ≥ 1). 1, 5 and 10 are always added, since mR is defined on them.</summary>
    public IReadOnlyList<int> RecallCutoffs { get; set; } = [1, 5, 10];

    /// <summary>
    /// When false (default) the evaluator L2-normalises every embedding, so scores are cosine
    /// similarities whatever the encoder emits. Set true when embeddings are already unit-length
    /// to score raw dot products (and skip the copy's normalisation pass).
    /// </summary>
    public bool EmbeddingsAreNormalized { get; set; }

    /// <summary>
    /// Best candidates kept per query (default 5), read with
    /// <see cref="DirectionalRetrievalMetrics.GetTopCandidates"/>; the report's gallery shows them.
    /// With 1, each image–caption pair is scored once for both directions; with more, once per
    /// direction (0.39 CPU-seconds at RSICD's test size and 512 dimensions; bench/results/retrieval.md).
    /// </summary>
    public int TopCandidateCount { get; set; } = 5;

    /// <summary>Worker threads for scoring (default: processor count). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    internal int EffectiveTopCandidateCount() => TopCandidateCount >= 1
        ? TopCandidateCount
        : throw new ArgumentOutOfRangeException(nameof(TopCandidateCount), TopCandidateCount, "TopCandidateCount must be at least 1.");

    internal int[] EffectiveRecallCutoffs()
    {
        foreach (int k in RecallCutoffs)
        {
            if (k < 1)
                throw new ArgumentException($"Recall cutoff {k} is invalid; every K in R@K must be at least 1.", nameof(RecallCutoffs));
        }
        return RecallCutoffs.Concat([1, 5, 10]).Distinct().Order().ToArray();
    }
}
