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
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (query.Length != candidates.Dimension)
            throw new ArgumentException($"The query has {query.Length} dimensions but the candidates have {candidates.Dimension}; encode both with the same model.", nameof(query));
        float[] queryValues = query.ToArray();
        ScoringMatrix queryRow = ScoringMatrix.Create(1, query.Length, _ => queryValues, normalize: true, _ => "the query");
        int count = rows?.Count ?? candidates.Rows;
        int kept = Math.Min(k, count);
        // One query reads every candidate once: each row is normalised into a small buffer and scored there, so no
        // normalised copy of the archive is made (it would double the memory and cost more than the scoring). Large
        // archives are split into one contiguous slice per core; the slices' best lists merge into exactly the list one
        // sequential scan keeps, because candidates are compared by (score, row), a total order.
        int slices = count >= ParallelScanRows ? Environment.ProcessorCount : 1;
        var partial = new (float[] Scores, int[] Indices, int Count)[slices];
        void Scan(int slice)
        {
            int start = (int)((long)count * slice / slices), end = (int)((long)count * (slice + 1) / slices);
            var scores = new float[kept];
            var indices = new int[kept];
            var buffer = new float[ScoringMatrix.StrideFor(candidates.Dimension)]; // zero padding, as in a ScoringMatrix row
            var normalized = buffer.AsSpan(0, candidates.Dimension);
            int n = 0;
            for (int i = start; i < end; i++)
            {
                int row = rows is null ? i : rows[i];
                ScoringMatrix.NormalizeInto(candidates.Row(row), normalized, row, CandidateName);
                TopCandidateHeap.Offer(scores, indices, ref n, DotProductKernel.Dot(queryRow.Row(0), buffer), row);
            }
            partial[slice] = (scores, indices, n);
        }
        if (slices == 1) Scan(0);
        else
        {
            // A bad row fails its slice; the error of the first failing slice (the lowest bad row) is the one reported, unwrapped.
            var failures = new Exception?[slices];
            Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = slices }, slice =>
            {
                try { Scan(slice); }
                catch (Exception e) { failures[slice] = e; }
            });
            if (failures.FirstOrDefault(e => e is not null) is { } failure)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        var best = new float[kept];
        var bestIndices = new int[kept];
        int found = 0;
        foreach (var (scores, indices, n) in partial)
            for (int j = 0; j < n; j++) TopCandidateHeap.Offer(best, bestIndices, ref found, scores[j], indices[j]);
        TopCandidateHeap.SortBestFirst(best, bestIndices, found);
        var hits = new SearchHit[found];
        for (int j = 0; j < found; j++) hits[j] = new SearchHit(bestIndices[j], best[j]);
        return hits;
    }

    /// <summary>Candidates from which one query's scan is split over the cores (below, thread hand-off costs more than it saves).</summary>
    const int ParallelScanRows = 32_768;

    static string CandidateName(int row) => $"candidate row {row}";

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
        // One query is the single-query scan (it needs no normalised copy of the candidates).
        if (queries.Rows == 1) return [TopK(queries.Row(0), candidates, k, rows)];
        string QueryName(int q) => $"query row {q}";
        ScoringMatrix queryRows = ScoringMatrix.Create(queries.Rows, queries.Dimension, queries.Row, normalize: true, QueryName);
        int RowOf(int i) => rows is null ? i : rows[i];
        ScoringMatrix scored = ScoringMatrix.Create(rows?.Count ?? candidates.Rows, candidates.Dimension, i => candidates.Row(RowOf(i)), normalize: true,
            i => CandidateName(RowOf(i)));
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
        // does not change any result.
        Parallel.For(0, queries.Rows, Rank);
        return results;
    }
}
