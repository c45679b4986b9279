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
    /// <param name="rows">Only these rows of <paramref name="candidates"/> compete (a filter, or an index's proposals);
    /// null for all. Hits keep their row numbers in <paramref name="candidates"/>, and equal scores rank the lower row first.</param>
    /// <exception cref="ArgumentException">Dimensions differ, or the query or a candidate is all zeros or not finite.</exception>
    public static IReadOnlyList<SearchHit> TopK(ReadOnlySpan<float> query, EmbeddingMatrix candidates, int k, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (query.Length != candidates.Dimension)
            throw new ArgumentException($"The query has {query.Length} dimensions but the candidates have {candidates.Dimension}; encode both with the same model.", nameof(query));
        return TopK(new EmbeddingMatrix(query.ToArray(), 1, query.Length), candidates, k, rows)[0];
    }

    /// <summary>
    /// The <paramref name="k"/> candidates most similar to each row of <paramref name="queries"/>: one list per query,
    /// each exactly what the single-query overload returns for that row. The candidates are normalised once for all
    /// queries, which makes a batch of queries much cheaper than as many single calls.
    /// </summary>
    /// <param name="queries">Query embeddings, one per row.</param>
    /// <param name="candidates">Candidate embeddings, one per row.</param>
    /// <param name="k">Results wanted per query.</param>
    /// <param name="rows">Only these rows of <paramref name="candidates"/> compete; null for all (see the single-query overload).</param>
    /// <exception cref="ArgumentException">Dimensions differ, or a query or a candidate is all zeros or not finite.</exception>
    public static IReadOnlyList<IReadOnlyList<SearchHit>> TopK(EmbeddingMatrix queries, EmbeddingMatrix candidates, int k, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (queries.Dimension != candidates.Dimension)
            throw new ArgumentException($"The queries have {queries.Dimension} dimensions but the candidates have {candidates.Dimension}; encode both with the same model.", nameof(queries));
        string QueryName(int q) => queries.Rows == 1 ? "the query" : $"query row {q}";
        ScoringMatrix queryRows = ScoringMatrix.Create(queries.Rows, queries.Dimension, queries.Row, normalize: true, QueryName);
        int RowOf(int i) => rows is null ? i : rows[i];
        ScoringMatrix scored = ScoringMatrix.Create(rows?.Count ?? candidates.Rows, candidates.Dimension, i => candidates.Row(RowOf(i)), normalize: true,
            i => $"candidate row {RowOf(i)}");
        int kept = Math.Min(k, scored.Rows);
        var results = new IReadOnlyList<SearchHit>[queries.Rows];
        void Rank(int q)
        {
            var scores = new float[kept];
            var indices = new int[kept];
            int count = 0;
            // Offered under their row numbers, so the protocol's tie order holds whatever order the rows come in.
            for (int i = 0; i < scored.Rows; i++)
                TopCandidateHeap.Offer(scores, indices, ref count, DotProductKernel.Dot(queryRows.Row(q), scored.Row(i)), RowOf(i));
            TopCandidateHeap.SortBestFirst(scores, indices, count);
            var hits = new SearchHit[count];
            for (int j = 0; j < count; j++) hits[j] = new SearchHit(indices[j], scores[j]);
            results[q] = hits;
        }
        // Queries are independent and each result is fully determined by its own scores, so the split over threads
        // does not change any result. One query (the index's re-ranking of a few dozen rows) runs inline: handing it to
        // the thread pool cost more than the scoring in the index benchmark.
        if (queries.Rows == 1) Rank(0);
        else Parallel.For(0, queries.Rows, Rank);
        return results;
    }
}
