namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>One search result: a candidate row and its cosine similarity to the query.</summary>
/// <param name="Index">Row of the candidate in the searched matrix.</param>
/// <param name="Score">Cosine similarity to the query.</param>
public readonly record struct SearchHit(int Index, float Score);

/// <summary>
/// Top-k search of one query embedding against a matrix of candidate embeddings (an encoded
/// archive): cosine similarity, best first, equal scores by lower row, the order the evaluator
/// ranks by.
/// </summary>
public static class EmbeddingSearch
{
    /// <summary>The <paramref name="k"/> candidates most similar to <paramref name="query"/>.</summary>
    /// <param name="query">Query embedding (any length-scale; it is normalised here).</param>
    /// <param name="candidates">Candidate embeddings, one per row (normalised here row by row).</param>
    /// <param name="k">Results wanted; fewer come back when there are fewer candidates.</param>
    /// <exception cref="ArgumentException">Dimensions differ, or the query or a candidate is all zeros or not finite.</exception>
    public static IReadOnlyList<SearchHit> TopK(ReadOnlySpan<float> query, EmbeddingMatrix candidates, int k)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (query.Length != candidates.Dimension)
            throw new ArgumentException($"The query has {query.Length} dimensions but the candidates have {candidates.Dimension}; encode both with the same model.", nameof(query));
        double queryNorm = Norm(query, "the query");
        var hits = new SearchHit[candidates.Rows];
        for (int i = 0; i < candidates.Rows; i++)
        {
            ReadOnlySpan<float> row = candidates.Row(i);
            double dot = 0;
            for (int d = 0; d < row.Length; d++)
                dot += (double)row[d] * query[d];
            hits[i] = new SearchHit(i, (float)(dot / (Norm(row, $"candidate row {i}") * queryNorm)));
        }
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.Index).Take(k).ToArray();
    }

    private static double Norm(ReadOnlySpan<float> vector, string what)
    {
        double sum = 0;
        foreach (float v in vector)
            sum += (double)v * v;
        if (!(sum > 0) || double.IsInfinity(sum))
            throw new ArgumentException($"Cannot search with {what}: its embedding is {(sum == 0 ? "all zeros" : "not finite")}.");
        return Math.Sqrt(sum);
    }
}
