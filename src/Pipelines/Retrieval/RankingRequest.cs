namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// One direction of retrieval for <see cref="BlockedRanker"/>: every query row is scored against
/// every candidate row; each query has a list of relevant candidates (CSR layout).
/// </summary>
internal sealed class RankingRequest
{
    public required ScoringMatrix Queries { get; init; }

    public required ScoringMatrix Candidates { get; init; }

    /// <summary>Query <c>q</c>'s relevant candidates are <c>RelevantCandidates[RelevantOffsets[q]..RelevantOffsets[q+1]]</c>.</summary>
    public required int[] RelevantOffsets { get; init; }

    public required int[] RelevantCandidates { get; init; }

    /// <summary>
    /// When set, the reverse direction is ranked from the same tiles: candidate <c>c</c>'s own query
    /// is <c>CandidateOwners[c]</c>, and <see cref="RankingResult.Reverse"/> receives its rank among
    /// all queries and its top-1 query.
    /// </summary>
    public int[]? CandidateOwners { get; init; }

    /// <summary>How many best candidates to keep per query (0 = none).</summary>
    public int TopN { get; init; }

    /// <summary>Worker count; 1 runs on the calling thread. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Queries scored together (one tile's rows).</summary>
    public int QueryBlockSize { get; init; } = 32;

    /// <summary>
    /// Candidates scored together (one tile's columns). The default keeps a tile's candidate rows
    /// within about 128 KiB, so they stay in the L2 cache while every query of the block reads them.
    /// </summary>
    public int CandidateBlockSize
    {
        get => _candidateBlockSize ?? Math.Clamp(128 * 1024 / (Candidates.Stride * sizeof(float)), 16, 1024);
        init => _candidateBlockSize = value;
    }

    private int? _candidateBlockSize;
}
