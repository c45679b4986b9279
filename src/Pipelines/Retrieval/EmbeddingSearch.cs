namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>One search result: a candidate row and its cosine similarity to the query.</summary>
/// <param name="Index">Row of the candidate in the searched matrix.</param>
/// <param name="Score">Cosine similarity to the query.</param>
public readonly record struct SearchHit(int Index, float Score);

/// <summary>
/// Top-k search of one query embedding against a matrix of candidate embeddings (an encoded
/// archive): cosine similarity, best first, equal scores by lower row. Rows are normalised and
/// scored by the evaluator's own code (<see cref="ScoringMatrix"/>, <see cref="DotProductKernel"/>),
/// so a search ranks exactly as <see cref="RetrievalCatalog"/>'s <c>Evaluate</c> does, score for score.
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
        float[] queryValues = query.ToArray();
        ScoringMatrix queryRow = ScoringMatrix.Create(1, queryValues.Length, _ => queryValues, normalize: true, _ => "the query");
        ScoringMatrix rows = ScoringMatrix.Create(candidates.Rows, candidates.Dimension, candidates.Row, normalize: true, i => $"candidate row {i}");
        var hits = new SearchHit[rows.Rows];
        for (int i = 0; i < hits.Length; i++)
            hits[i] = new SearchHit(i, DotProductKernel.Dot(queryRow.Row(0), rows.Row(i)));
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.Index).Take(k).ToArray();
    }
}
