namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Retrieval quality in one direction. Ranks are 1-based positions in the protocol order
/// (higher score first, equal scores by lower candidate index).
/// </summary>
public sealed class DirectionalRetrievalMetrics
{
    private readonly int[] _topLists;

    /// <param name="direction">Which modality is the query.</param>
    /// <param name="ranks">Rank of each query's relevant item.</param>
    /// <param name="topLists">Each query's best <paramref name="topCount"/> candidates, query-major.</param>
    /// <param name="topCount">Candidates kept per query (≥ 1).</param>
    /// <param name="recallCutoffs">K values for <see cref="RecallAtK"/>.</param>
    internal DirectionalRetrievalMetrics(RetrievalDirection direction, int[] ranks, int[] topLists, int topCount,
        IReadOnlyList<int> recallCutoffs)
    {
        Direction = direction;
        Ranks = ranks;
        _topLists = topLists;
        TopCandidateCount = topCount;
        var topOne = new int[ranks.Length];
        for (int q = 0; q < topOne.Length; q++)
            topOne[q] = topLists[q * topCount];
        TopCandidates = topOne;
        RecallAtK = recallCutoffs.ToDictionary(k => k, k => RankStatistics.RecallAt(ranks, k));
        MedianRank = RankStatistics.Median(ranks);
        MeanRank = RankStatistics.Mean(ranks);
    }

    /// <summary>Which modality is the query.</summary>
    public RetrievalDirection Direction { get; }

    /// <summary>Number of queries: images for image → text, captions for text → image.</summary>
    public int QueryCount => Ranks.Count;

    /// <summary>
    /// Rank of each query's relevant item (1-based). Image → text: per image, the best rank among
    /// its captions. Text → image: per caption, the rank of its own image.
    /// </summary>
    public IReadOnlyList<int> Ranks { get; }

    /// <summary>The top-ranked candidate of each query (caption index for image → text, image index for text → image).</summary>
    public IReadOnlyList<int> TopCandidates { get; }

    /// <summary>
    /// Candidates kept per query by <see cref="GetTopCandidates"/>: the smaller of
    /// <see cref="RetrievalEvaluatorOptions.TopCandidateCount"/> and the number of candidates.
    /// </summary>
    public int TopCandidateCount { get; }

    /// <summary>Query <paramref name="query"/>'s best <see cref="TopCandidateCount"/> candidates, best first (protocol order).</summary>
    /// <param name="query">Query index: image row for image → text, caption row for text → image.</param>
    public IReadOnlyList<int> GetTopCandidates(int query)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(query, QueryCount);
        return _topLists.AsSpan(query * TopCandidateCount, TopCandidateCount).ToArray();
    }

    /// <summary>Recall in percent for each requested cutoff K (1, 5 and 10 are always present).</summary>
    public IReadOnlyDictionary<int, double> RecallAtK { get; }

    /// <summary>R@1 in percent.</summary>
    public double RecallAt1 => RecallAtK[1];

    /// <summary>R@5 in percent.</summary>
    public double RecallAt5 => RecallAtK[5];

    /// <summary>R@10 in percent.</summary>
    public double RecallAt10 => RecallAtK[10];

    /// <summary>Median rank (NumPy convention: mean of the two middle ranks for an even count).</summary>
    public double MedianRank { get; }

    /// <summary>Mean rank.</summary>
    public double MeanRank { get; }

    /// <summary>Recall in percent at any cutoff <paramref name="k"/> ≥ 1, computed from <see cref="Ranks"/>.</summary>
    public double RecallAt(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return RankStatistics.RecallAt(Ranks, k);
    }
}
