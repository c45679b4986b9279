using System.Diagnostics;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// Top-10 search over stored 512-d embeddings: brute force as <c>search --exact</c> runs it (one query, and a batch of
/// queries at once), a naive scan (scalar cosine per row, then a full sort), and optionally the HNSW index with exact
/// re-ranking. The memory-bandwidth floor (the bytes of the stored matrix at the measured read rate) is applied by the report.
/// </summary>
internal static class SearchCases
{
    public const int Dimension = 512;

    public static void Run(SuiteCaseResult result, int rows, int queries, int naiveQueries, bool index)
    {
        var data = IndexBenchmark.Clustered(rows, Dimension, seed: 1);
        var probe = IndexBenchmark.Clustered(queries, Dimension, seed: 2);
        result.Facts["rows"] = rows;
        result.Facts["stored_mb"] = (double)rows * Dimension * 4 / (1024 * 1024);
        int q = 0;
        var single = Stopwatches.Milliseconds(() => EmbeddingSearch.TopK(probe.Row(q++ % probe.Rows), data, 10), warmups: 2, repeats: queries);
        result.Add("single_ms", $"one query, top 10 of {rows:N0} × {Dimension} (EmbeddingSearch.TopK, search --exact)", "ms/query", single);
        IReadOnlyList<IReadOnlyList<SearchHit>> exact = [];
        var batch = Stopwatches.Milliseconds(() => exact = EmbeddingSearch.TopK(probe, data, 10), warmups: 0, repeats: 3);
        result.Add("batch_ms", $"{queries} queries at once (EmbeddingSearch.TopK batch overload), per query", "ms/query", batch.Map(ms => ms / queries));
        using (var process = Process.GetCurrentProcess())
        {
            process.Refresh();
            result.Facts["brute_peak_mb"] = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        }

        int agreed = 0;
        q = 0;
        var naive = Stopwatches.Milliseconds(() =>
        {
            var query = probe.Row(q);
            var top = Naive(query, data, 10);
            agreed += EmbeddingSearch.TopK(query, data, 10).Select(h => h.Index).Intersect(top).Count();
            q++;
        }, warmups: 0, repeats: naiveQueries);
        result.Add("naive_ms", "naive scan: scalar cosine per row, full sort (timed with one brute-force check per query)", "ms/query", naive);
        result.Facts["naive_agreement"] = agreed / (10.0 * naiveQueries);

        if (!index) return;
        var clock = Stopwatch.StartNew();
        using var built = EmbeddingIndex.Build(data, new EmbeddingIndexOptions { Storage = IndexStorage.Float32 });
        result.Facts["index_build_s"] = clock.Elapsed.TotalSeconds;
        int found = 0;
        q = 0;
        var hnsw = Stopwatches.Milliseconds(() =>
        {
            var query = probe.Row(q++ % probe.Rows);
            found += built.Search(query, 10, data).Count;
        }, warmups: 2, repeats: queries);
        result.Add("hnsw_ms", "HNSW index (USearch, f32, connectivity 16, ef 64) + exact re-rank of 4 × 10", "ms/query", hnsw);
        // Against the batch's brute-force lists (each exactly what a single query returns).
        int recall = 0;
        for (int i = 0; i < probe.Rows; i++)
        {
            var truth = exact[i].Select(h => h.Index).ToHashSet();
            recall += built.Search(probe.Row(i), 10, data).Count(h => truth.Contains(h.Index));
        }
        result.Facts["hnsw_recall_at_10"] = recall / (10.0 * probe.Rows);
    }

    /// <summary>What a first implementation would do: every cosine in scalar code, then sort all of them.</summary>
    static int[] Naive(ReadOnlySpan<float> query, EmbeddingMatrix data, int k)
    {
        double queryNorm = 0;
        for (int d = 0; d < query.Length; d++) queryNorm += query[d] * query[d];
        var scores = new double[data.Rows];
        var order = new int[data.Rows];
        for (int r = 0; r < data.Rows; r++)
        {
            var row = data.Row(r);
            double dot = 0, norm = 0;
            for (int d = 0; d < row.Length; d++) { dot += row[d] * query[d]; norm += row[d] * row[d]; }
            scores[r] = -dot / Math.Sqrt(norm * queryNorm);
            order[r] = r;
        }
        Array.Sort(scores, order);
        return order[..k];
    }
}
