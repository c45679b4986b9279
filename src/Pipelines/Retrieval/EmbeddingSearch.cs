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
        // One query reads every candidate once: each row is normalised on the fly as it is scored, so no normalised copy
        // of the archive is made (it would double the memory and cost more than the scoring). Large
        // archives are split into one contiguous slice per core; the slices' best lists merge into exactly the list one
        // sequential scan keeps, because candidates are compared by (score, row), a total order.
        int slices = count >= ParallelScanRows ? Environment.ProcessorCount : 1;
        var partial = new (float[] Scores, int[] Indices, int Count)[slices];
        void Scan(int slice)
        {
            int start = (int)((long)count * slice / slices), end = (int)((long)count * (slice + 1) / slices);
            var scores = new float[kept];
            var indices = new int[kept];
            var query = queryRow.Row(0);
            Span<int> four = stackalloc int[4];
            Span<float> fourScores = stackalloc float[4];
            int n = 0, i = start;
            for (; i + 4 <= end; i += 4)
            {
                for (int j = 0; j < 4; j++) four[j] = rows is null ? i + j : rows[i + j];
                DotProductKernel.DotNormalized4(query, candidates.Row(four[0]), candidates.Row(four[1]), candidates.Row(four[2]), candidates.Row(four[3]),
                    four, CandidateName, fourScores);
                for (int j = 0; j < 4; j++) TopCandidateHeap.Offer(scores, indices, ref n, fourScores[j], four[j]);
            }
            for (; i < end; i++)
            {
                int row = rows is null ? i : rows[i];
                TopCandidateHeap.Offer(scores, indices, ref n, DotProductKernel.DotNormalized(query, candidates.Row(row), row, CandidateName), row);
            }
            partial[slice] = (scores, indices, n);
        }
        RunSlices(slices, Scan);
        return Merge(kept, partial.Select(p => (p.Scores, p.Indices, 0, p.Count)));
    }

    /// <summary>Candidates from which one query's scan is split over the cores (below, thread hand-off costs more than it saves).</summary>
    const int ParallelScanRows = 32_768;

    /// <summary>Candidate rows normalised together by the batch scan (64 rows × 512 floats = 128 KB: stays in L2).</summary>
    const int BlockRows = 64;

    static string CandidateName(int row) => $"candidate row {row}";

    /// <summary>The best <paramref name="kept"/> of several best lists (each a heap's entries at an offset), best first.</summary>
    static SearchHit[] Merge(int kept, IEnumerable<(float[] Scores, int[] Indices, int Offset, int Count)> lists)
    {
        var best = new float[kept];
        var bestIndices = new int[kept];
        int found = 0;
        foreach (var (scores, indices, offset, count) in lists)
            for (int j = offset; j < offset + count; j++) TopCandidateHeap.Offer(best, bestIndices, ref found, scores[j], indices[j]);
        TopCandidateHeap.SortBestFirst(best, bestIndices, found);
        var hits = new SearchHit[found];
        for (int j = 0; j < found; j++) hits[j] = new SearchHit(bestIndices[j], best[j]);
        return hits;
    }

    /// <summary>Runs <paramref name="scan"/> for each slice, in parallel when there are several; a bad row fails its slice,
    /// and the error of the first failing slice (the lowest bad row) is the one thrown, unwrapped.</summary>
    static void RunSlices(int slices, Action<int> scan)
    {
        if (slices == 1)
        {
            scan(0);
            return;
        }
        var failures = new Exception?[slices];
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = slices }, slice =>
        {
            try { scan(slice); }
            catch (Exception e) { failures[slice] = e; }
        });
        if (failures.FirstOrDefault(e => e is not null) is { } failure)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    /// <summary>
    /// The <paramref name="k"/> candidates most similar to each row of <paramref name="queries"/>: one list per query,
    /// each exactly what the single-query overload returns for that row. The candidates are read and normalised once for
    /// all queries, block by block (no normalised copy of the archive is made), which makes a batch of queries much
    /// cheaper than as many single calls.
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
        // One query is the single-query scan.
        if (queries.Rows == 1) return [TopK(queries.Row(0), candidates, k, rows)];
        ScoringMatrix queryRows = ScoringMatrix.Create(queries.Rows, queries.Dimension, queries.Row, normalize: true, q => $"query row {q}");
        int count = rows?.Count ?? candidates.Rows;
        int kept = Math.Min(k, count);
        int stride = ScoringMatrix.StrideFor(candidates.Dimension);
        // The archive is read once for all queries: each core takes a contiguous slice of the candidates, normalises a
        // block of them at a time into a small buffer (the same values as a ScoringMatrix row), and scores every query
        // against the block while it is in cache, keeping one best list per query. The slices' lists then merge per query
        // into exactly what a sequential scan keeps ((score, row) is a total order), so no result depends on the split.
        int slices = Math.Max(1, Math.Min(Environment.ProcessorCount, count / BlockRows));
        var partial = new (float[] Scores, int[] Indices, int[] Counts)[slices];
        void Scan(int slice)
        {
            int start = (int)((long)count * slice / slices), end = (int)((long)count * (slice + 1) / slices);
            var scores = new float[queries.Rows * kept];
            var indices = new int[queries.Rows * kept];
            var counts = new int[queries.Rows];
            var block = new float[BlockRows * stride];
            var rowOf = new int[BlockRows];
            for (int first = start; first < end; first += BlockRows)
            {
                int n = Math.Min(BlockRows, end - first);
                for (int b = 0; b < n; b++)
                {
                    int row = rows is null ? first + b : rows[first + b];
                    rowOf[b] = row;
                    ScoringMatrix.NormalizeInto(candidates.Row(row), block.AsSpan(b * stride, candidates.Dimension), row, CandidateName);
                }
                for (int q = 0; q < queries.Rows; q++)
                {
                    var query = queryRows.Row(q);
                    var heapScores = scores.AsSpan(q * kept, kept);
                    var heapIndices = indices.AsSpan(q * kept, kept);
                    for (int b = 0; b < n; b++)
                        TopCandidateHeap.Offer(heapScores, heapIndices, ref counts[q], DotProductKernel.Dot(query, block.AsSpan(b * stride, stride)), rowOf[b]);
                }
            }
            partial[slice] = (scores, indices, counts);
        }
        RunSlices(slices, Scan);
        var results = new IReadOnlyList<SearchHit>[queries.Rows];
        for (int q = 0; q < queries.Rows; q++)
            results[q] = Merge(kept, partial.Select(p => (p.Scores, p.Indices, q * kept, p.Counts[q])));
        return results;
    }
}
