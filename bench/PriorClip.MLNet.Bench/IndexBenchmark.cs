using System.Diagnostics;
using System.Globalization;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// The HNSW index (<see cref="EmbeddingIndex"/>) against brute force (<see cref="EmbeddingSearch"/>, what <c>search
/// --exact</c> does) on embedding-like data: build time, file size, recall@10 and time per query. One row per
/// size × storage in <c>bench/results/index.md</c>.
/// </summary>
internal static class IndexBenchmark
{
    const string Header = "| vectors × dim, storage, search expansion | build (s) | index file (MB) | recall@10 graph only | recall@10 re-ranked | HNSW + re-rank (ms/query, mean / p99) | brute force (ms/query, mean) | commit |\n|---|---:|---:|---:|---:|---:|---:|---|";

    public static int Run(int rows, int dimension, int queries, IndexStorage storage, string output)
    {
        var data = Clustered(rows, dimension, seed: 1);
        var probe = Clustered(queries, dimension, seed: 2);
        var clock = Stopwatch.StartNew();
        using var built = EmbeddingIndex.Build(data, new EmbeddingIndexOptions { Storage = storage });
        double buildSeconds = clock.Elapsed.TotalSeconds;
        string file = Path.Combine(Path.GetTempPath(), $"priorclip-index-bench-{Environment.ProcessId}.usearch");
        built.Save(file);
        double megabytes = new FileInfo(file).Length / 1e6;
        Console.Error.WriteLine($"built {rows} × {dimension} {storage} in {buildSeconds:F1} s, {megabytes:F1} MB");
        using var index = EmbeddingIndex.Open(file, memoryMapped: true);
        int graphAgreed = 0, reRankedAgreed = 0;
        var hnswMs = new List<double>();
        double bruteMs = 0;
        for (int q = 0; q < probe.Rows; q++)
        {
            clock.Restart();
            var exact = EmbeddingSearch.TopK(probe.Row(q), data, 10).Select(h => h.Index).ToHashSet();
            bruteMs += clock.Elapsed.TotalMilliseconds;
            graphAgreed += index.Search(probe.Row(q), 10).Count(h => exact.Contains(h.Index));
            clock.Restart();
            var reRanked = index.Search(probe.Row(q), 10, data);
            hnswMs.Add(clock.Elapsed.TotalMilliseconds);
            reRankedAgreed += reRanked.Count(h => exact.Contains(h.Index));
        }
        File.Delete(file);
        hnswMs.Sort();
        string key = $"{rows.ToString("N0", CultureInfo.InvariantCulture)} × {dimension}, {storage}, ef 64";
        string row = $"| {key} | {buildSeconds:F1} | {megabytes:F1} | {graphAgreed / (10.0 * probe.Rows):F3} | {reRankedAgreed / (10.0 * probe.Rows):F3} | " +
                     $"{hnswMs.Average():F2} / {hnswMs[(int)Math.Min(hnswMs.Count - 1, Math.Ceiling(0.99 * hnswMs.Count) - 1)]:F2} | {bruteMs / probe.Rows:F1} | {MarkdownResultTable.Commit()} |";
        string preamble = "# Archive search: HNSW index against brute force\n\n" +
                          "Made by `dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- index --rows N --dim D --storage S` " +
                          "(one row per run; a run replaces its own row). Data: embedding-like vectors, 50 clusters with spread 0.6 around " +
                          $"unit-variance centres, {queries} queries drawn the same way; index settings the defaults (connectivity 16, insertion expansion 128; the reopened index searches with USearch's default ef 64), " +
                          "built on one thread, queried memory-mapped, re-ranked from the rows in memory. Brute force is `EmbeddingSearch.TopK`, " +
                          "which normalises every row per query, as `search --exact` does. Recall@10: share of brute force's top 10 found.\n\n" +
                          $"Last run: {MarkdownResultTable.Machine()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.\n";
        MarkdownResultTable.Upsert(output, preamble, Header, key, row);
        Console.WriteLine(row);
        return 0;
    }

    internal static EmbeddingMatrix Clustered(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        var centres = new float[50][];
        var centreRandom = new Random(0); // the same centres for data and queries
        for (int c = 0; c < centres.Length; c++) centres[c] = Enumerable.Range(0, dimension).Select(_ => Gaussian(centreRandom)).ToArray();
        var values = new float[(long)rows * dimension];
        for (int i = 0; i < rows; i++)
        {
            var centre = centres[random.Next(centres.Length)];
            for (int d = 0; d < dimension; d++) values[(long)i * dimension + d] = centre[d] + 0.6f * Gaussian(random);
        }
        return new EmbeddingMatrix(values, rows, dimension);
    }

    static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
