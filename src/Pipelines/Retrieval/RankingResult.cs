namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>What <see cref="BlockedRanker"/> found for each query.</summary>
internal sealed class RankingResult
{
    /// <summary>1-based rank of each relevant candidate, aligned with <see cref="RankingRequest.RelevantCandidates"/>.</summary>
    public required int[] RelevantRanks { get; init; }

    /// <summary>Score of each relevant candidate, aligned with <see cref="RankingRequest.RelevantCandidates"/>.</summary>
    public required float[] RelevantScores { get; init; }

    /// <summary>Entries kept per query: <c>min(TopN, candidate count)</c>.</summary>
    public required int TopCount { get; init; }

    /// <summary>Query <c>q</c>'s best candidates in protocol order at <c>[q·TopCount, (q+1)·TopCount)</c>.</summary>
    public required int[] TopCandidates { get; init; }

    /// <summary>Scores matching <see cref="TopCandidates"/>.</summary>
    public required float[] TopScores { get; init; }

    /// <summary>
    /// The reverse direction (candidates as queries, top-1 only) when
    /// <see cref="RankingRequest.CandidateOwners"/> was set; otherwise null.
    /// </summary>
    public RankingResult? Reverse { get; set; }
}
