using System.Diagnostics;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// Runs one <see cref="RetrievalBenchmarkCase"/> inside the current process. Each case runs in its
/// own process (see <see cref="RetrievalBenchmarkSuite"/>) so the peak working set belongs to it alone.
/// </summary>
internal static class RetrievalBenchmarkRunner
{
    private const double Megabyte = 1024 * 1024;

    public static RetrievalBenchmarkResult Run(RetrievalBenchmarkCase benchmark)
    {
        (EmbeddingMatrix images, EmbeddingMatrix captions, int[] mapping) = Generate(benchmark, seed: 42);
        var catalog = new MLContext(seed: 1).Retrieval();
        var options = new RetrievalEvaluatorOptions { MaxDegreeOfParallelism = benchmark.Workers };

        // Warm-up on a small slice so JIT time is not measured.
        (EmbeddingMatrix warmImages, EmbeddingMatrix warmCaptions, int[] warmMapping) =
            Generate(benchmark with { Images = 64 }, seed: 7);
        catalog.Evaluate(warmImages, warmCaptions, warmMapping, options: options);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using Process process = Process.GetCurrentProcess();
        process.Refresh();
        double baseline = process.WorkingSet64 / Megabyte;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // CPU time next to wall time: on a shared machine wall time mostly measures the neighbours.
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        RetrievalMetrics metrics = catalog.Evaluate(images, captions, mapping, options: options);
        double evaluateSeconds = stopwatch.Elapsed.TotalSeconds;
        process.Refresh();
        double evaluateCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        stopwatch.Restart();
        IDataView ranking = catalog.ToRankingData(images, captions, mapping, RetrievalDirection.TextToImage, topN: 10, options);
        double ndcg1 = new MLContext().Ranking.Evaluate(ranking, "Label", "GroupId", "Score").NormalizedDiscountedCumulativeGains[0];
        double rankingSeconds = stopwatch.Elapsed.TotalSeconds;

        process.Refresh();
        return new RetrievalBenchmarkResult(
            benchmark.Name, benchmark.Images, benchmark.Captions, benchmark.Dimension, benchmark.Workers,
            evaluateSeconds, evaluateCpuSeconds, rankingSeconds,
            (images.Values.Length + captions.Values.Length) * 4.0 / Megabyte,
            allocated / Megabyte,
            baseline,
            process.PeakWorkingSet64 / Megabyte,
            (double)benchmark.Images * benchmark.Captions * 4 / Megabyte,
            $"{metrics} | t2i NDCG@1 {ndcg1:F4}");
    }

    /// <summary>Gaussian images; captions are noisy copies of their image, so recall is neither 0 nor 100.</summary>
    internal static (EmbeddingMatrix Images, EmbeddingMatrix Captions, int[] Mapping) Generate(RetrievalBenchmarkCase benchmark, int seed)
    {
        var random = new Random(seed);
        int d = benchmark.Dimension;
        var images = new float[benchmark.Images * d];
        for (int k = 0; k < images.Length; k++)
            images[k] = Normal(random);
        var captions = new float[(long)benchmark.Images * benchmark.CaptionsPerImage * d];
        int[] mapping = CaptionImageMapping.CaptionsPerImage(benchmark.Images * benchmark.CaptionsPerImage, benchmark.CaptionsPerImage);
        // Noise grows with √d so that recall stays in the same range for every dimension.
        float noise = 3f * MathF.Sqrt(d / 64f);
        for (int j = 0; j < mapping.Length; j++)
        {
            for (int k = 0; k < d; k++)
                captions[j * d + k] = images[mapping[j] * d + k] + noise * Normal(random);
        }
        return (new EmbeddingMatrix(images, benchmark.Images, d), new EmbeddingMatrix(captions, mapping.Length, d), mapping);
    }

    private static float Normal(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
