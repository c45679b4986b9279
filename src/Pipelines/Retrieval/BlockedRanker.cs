using System.Runtime.CompilerServices;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Ranks all candidates for every query without materialising the query × candidate score matrix.
/// Queries are processed in blocks (in parallel); each block walks the candidates in tiles of
/// <see cref="RankingRequest.CandidateBlockSize"/>, so memory per worker is one tile (plus, when
/// the reverse direction is requested, one <see cref="ReverseRankAccumulator"/>: O(candidates)).
/// </summary>
/// <remarks>
/// The rank of a relevant candidate r is <c>1 + #{c : c ranks ahead of r}</c> in the protocol
/// order — counted, never sorted. A query's relevant candidates are sorted best-first
/// r₁ ≻ r₂ ≻ …; a candidate that ranks ahead of r_j also ranks ahead of every later one, so
/// each candidate increments only the histogram slot of the first relevant it beats and the ranks
/// are prefix sums. Blocks write disjoint outputs and reverse accumulators merge by addition and a
/// total order, so results are identical for any worker count or block size.
/// </remarks>
internal static class BlockedRanker
{
    public static RankingResult Rank(RankingRequest request)
    {
        int queryCount = request.Queries.Rows;
        int candidateCount = request.Candidates.Rows;
        int topCount = Math.Min(request.TopN, candidateCount);
        var output = new RankingResult
        {
            RelevantRanks = new int[request.RelevantCandidates.Length],
            RelevantScores = new float[request.RelevantCandidates.Length],
            TopCount = topCount,
            TopCandidates = new int[(long)queryCount * topCount],
            TopScores = new float[(long)queryCount * topCount],
        };

        float[]? ownerScores = request.CandidateOwners is { } owners ? OwnerScores(request, owners) : null;
        ReverseRankAccumulator? reverse = ownerScores is null ? null : new ReverseRankAccumulator(candidateCount);

        int blockSize = request.QueryBlockSize;
        int blockCount = (queryCount + blockSize - 1) / blockSize;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxDegreeOfParallelism) };
        Parallel.For(0, blockCount, options,
            () => new Workspace(request, topCount),
            (block, _, workspace) =>
            {
                int first = block * blockSize;
                RankBlock(request, workspace, first, Math.Min(blockSize, queryCount - first), output, ownerScores);
                return workspace;
            },
            workspace =>
            {
                if (reverse is not null)
                {
                    lock (reverse)
                        reverse.MergeFrom(workspace.Reverse!);
                }
            });
        output.Reverse = reverse?.ToResult(ownerScores!);
        return output;
    }

    /// <summary>Per-worker scratch memory, reused across the blocks a worker takes.</summary>
    private sealed class Workspace(RankingRequest request, int topCount)
    {
        public readonly float[] Tile = new float[request.QueryBlockSize * request.CandidateBlockSize];
        public readonly int[] RelevantStart = new int[request.QueryBlockSize + 1];
        public float[] SortedScores = [];
        public int[] SortedCandidates = [];
        public int[] SortedPositions = [];
        public int[] BeatenFirst = [];
        public readonly float[] HeapScores = new float[request.QueryBlockSize * topCount];
        public readonly int[] HeapCandidates = new int[request.QueryBlockSize * topCount];
        public readonly int[] HeapCounts = new int[request.QueryBlockSize];
        public readonly ReverseRankAccumulator? Reverse =
            request.CandidateOwners is null ? null : new ReverseRankAccumulator(request.Candidates.Rows);

        public void EnsureRelevantCapacity(int count)
        {
            if (SortedScores.Length >= count)
                return;
            SortedScores = new float[count];
            SortedCandidates = new int[count];
            SortedPositions = new int[count];
            BeatenFirst = new int[count];
        }
    }

    /// <summary>Each candidate's score against its own query, by the same kernel as the tiles.</summary>
    private static float[] OwnerScores(RankingRequest request, int[] owners)
    {
        var scores = new float[owners.Length];
        for (int c = 0; c < owners.Length; c++)
            scores[c] = DotProductKernel.Dot(request.Queries.Row(owners[c]), request.Candidates.Row(c));
        return scores;
    }

    private static void RankBlock(RankingRequest request, Workspace ws, int firstQuery, int queryCount, RankingResult output,
        float[]? ownerScores)
    {
        int topCount = output.TopCount;
        PrepareRelevant(request, ws, firstQuery, queryCount, output);
        Array.Clear(ws.HeapCounts);

        int candidateCount = request.Candidates.Rows;
        for (int firstCandidate = 0; firstCandidate < candidateCount; firstCandidate += request.CandidateBlockSize)
        {
            int tileWidth = Math.Min(request.CandidateBlockSize, candidateCount - firstCandidate);
            Span<float> tile = ws.Tile.AsSpan(0, queryCount * tileWidth);
            DotProductKernel.ScoreTile(request.Queries, firstQuery, queryCount, request.Candidates, firstCandidate, tileWidth, tile);
            for (int q = 0; q < queryCount; q++)
            {
                ReadOnlySpan<float> scores = tile.Slice(q * tileWidth, tileWidth);
                CountCandidatesAhead(ws, q, scores, firstCandidate);
                if (topCount > 0)
                    OfferToTop(ws, q, topCount, scores, firstCandidate);
                ws.Reverse?.Scan(firstQuery + q, scores, firstCandidate, ownerScores!, request.CandidateOwners!);
            }
        }

        for (int q = 0; q < queryCount; q++)
        {
            int beaten = 0;
            for (int j = ws.RelevantStart[q]; j < ws.RelevantStart[q + 1]; j++)
            {
                beaten += ws.BeatenFirst[j];
                output.RelevantRanks[ws.SortedPositions[j]] = beaten + 1;
            }
            if (topCount > 0)
            {
                Span<float> heapScores = ws.HeapScores.AsSpan(q * topCount, topCount);
                Span<int> heapCandidates = ws.HeapCandidates.AsSpan(q * topCount, topCount);
                TopCandidateHeap.SortBestFirst(heapScores, heapCandidates, topCount);
                heapScores.CopyTo(output.TopScores.AsSpan((firstQuery + q) * topCount, topCount));
                heapCandidates.CopyTo(output.TopCandidates.AsSpan((firstQuery + q) * topCount, topCount));
            }
        }
    }

    /// <summary>Scores each query's relevant candidates and sorts them best-first into the workspace.</summary>
    private static void PrepareRelevant(RankingRequest request, Workspace ws, int firstQuery, int queryCount, RankingResult output)
    {
        int blockStart = request.RelevantOffsets[firstQuery];
        ws.EnsureRelevantCapacity(request.RelevantOffsets[firstQuery + queryCount] - blockStart);
        for (int q = 0; q < queryCount; q++)
        {
            int from = request.RelevantOffsets[firstQuery + q];
            int to = request.RelevantOffsets[firstQuery + q + 1];
            ws.RelevantStart[q] = from - blockStart;
            ws.RelevantStart[q + 1] = to - blockStart;
            ReadOnlySpan<float> query = request.Queries.Row(firstQuery + q);
            for (int p = from; p < to; p++)
            {
                int candidate = request.RelevantCandidates[p];
                float score = DotProductKernel.Dot(query, request.Candidates.Row(candidate));
                output.RelevantScores[p] = score;
                // Insertion sort: relevant lists are short (a handful of captions per image).
                int j = p - blockStart;
                while (j > from - blockStart &&
                       ProtocolOrder.RanksAhead(score, candidate, ws.SortedScores[j - 1], ws.SortedCandidates[j - 1]))
                {
                    ws.SortedScores[j] = ws.SortedScores[j - 1];
                    ws.SortedCandidates[j] = ws.SortedCandidates[j - 1];
                    ws.SortedPositions[j] = ws.SortedPositions[j - 1];
                    j--;
                }
                ws.SortedScores[j] = score;
                ws.SortedCandidates[j] = candidate;
                ws.SortedPositions[j] = p;
            }
            ws.BeatenFirst.AsSpan(from - blockStart, to - from).Clear();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CountCandidatesAhead(Workspace ws, int q, ReadOnlySpan<float> scores, int firstCandidate)
    {
        int start = ws.RelevantStart[q];
        int last = ws.RelevantStart[q + 1] - 1;
        float weakestScore = ws.SortedScores[last];
        int weakestCandidate = ws.SortedCandidates[last];
        for (int i = 0; i < scores.Length; i++)
        {
            float score = scores[i];
            // Fast path: most candidates rank behind every relevant one.
            if (score < weakestScore)
                continue;
            int candidate = firstCandidate + i;
            if (!ProtocolOrder.RanksAhead(score, candidate, weakestScore, weakestCandidate))
                continue;
            int j = start;
            while (!ProtocolOrder.RanksAhead(score, candidate, ws.SortedScores[j], ws.SortedCandidates[j]))
                j++;
            ws.BeatenFirst[j]++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OfferToTop(Workspace ws, int q, int topCount, ReadOnlySpan<float> scores, int firstCandidate)
    {
        Span<float> heapScores = ws.HeapScores.AsSpan(q * topCount, topCount);
        Span<int> heapCandidates = ws.HeapCandidates.AsSpan(q * topCount, topCount);
        ref int count = ref ws.HeapCounts[q];
        for (int i = 0; i < scores.Length; i++)
        {
            // Candidates arrive in increasing index order, so once the heap is full an equal score
            // can never displace the root; a strict comparison is the whole test.
            if (count == topCount && scores[i] <= heapScores[0])
                continue;
            TopCandidateHeap.Offer(heapScores, heapCandidates, ref count, scores[i], firstCandidate + i);
        }
    }
}
