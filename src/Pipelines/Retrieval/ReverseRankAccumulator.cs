using System.Runtime.CompilerServices;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Ranks in the reverse direction from the same score tiles: for every candidate c (a column of
/// the query × candidate tiles) it counts the queries that rank ahead of c's own query, and keeps
/// the best query. Image → text tiles thereby also yield text → image ranks, halving the dot
/// products an evaluation needs. Each worker fills its own accumulator; <see cref="MergeFrom"/>
/// adds counts and keeps the protocol-best query, both independent of merge order.
/// </summary>
internal sealed class ReverseRankAccumulator
{
    public ReverseRankAccumulator(int candidateCount)
    {
        QueriesAhead = new int[candidateCount];
        BestScores = new float[candidateCount];
        BestQueries = new int[candidateCount];
        Array.Fill(BestScores, float.NegativeInfinity);
        Array.Fill(BestQueries, int.MaxValue);
    }

    /// <summary>Per candidate, how many queries rank ahead of its own query.</summary>
    public int[] QueriesAhead { get; }

    public float[] BestScores { get; }

    public int[] BestQueries { get; }

    /// <summary>Takes in one query's scores against candidates <c>[firstCandidate, firstCandidate + scores.Length)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scan(int query, ReadOnlySpan<float> scores, int firstCandidate, float[] ownerScores, int[] owners)
    {
        for (int i = 0; i < scores.Length; i++)
        {
            int c = firstCandidate + i;
            float score = scores[i];
            if (ProtocolOrder.RanksAhead(score, query, ownerScores[c], owners[c]))
                QueriesAhead[c]++;
            if (ProtocolOrder.RanksAhead(score, query, BestScores[c], BestQueries[c]))
            {
                BestScores[c] = score;
                BestQueries[c] = query;
            }
        }
    }

    public void MergeFrom(ReverseRankAccumulator other)
    {
        for (int c = 0; c < QueriesAhead.Length; c++)
        {
            QueriesAhead[c] += other.QueriesAhead[c];
            if (ProtocolOrder.RanksAhead(other.BestScores[c], other.BestQueries[c], BestScores[c], BestQueries[c]))
            {
                BestScores[c] = other.BestScores[c];
                BestQueries[c] = other.BestQueries[c];
            }
        }
    }

    /// <summary>The reverse direction as a <see cref="RankingResult"/> with a top-1 list.</summary>
    public RankingResult ToResult(float[] ownerScores) => new()
    {
        RelevantRanks = QueriesAhead.Select(ahead => ahead + 1).ToArray(),
        RelevantScores = ownerScores,
        TopCount = 1,
        TopCandidates = BestQueries,
        TopScores = BestScores,
    };
}
