using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// The machine's limits, measured in the run so every ratio in the table compares numbers from the same machine and
/// load: LibTorch's float32 GEMM rate (the compute-bound ceiling of the encoders and the training step) and the rate
/// at which a plain SIMD loop streams memory (the floor of a brute-force scan).
/// </summary>
internal static class MachineLimitCase
{
    // 2048³ (17 GFLOP, ~0.1 s a call here): large enough that thread wake-up and cache warm-up vanish in it. With
    // 1024³ (6 ms a call) the suite's first case read 44–108 GFLOP/s right after the build, 114–182 alone.
    public const int GemmSize = 2048;
    public const long StreamBytes = 1L << 30;

    public static void Run(SuiteCaseResult result)
    {
        var g = new Generator(3);
        using var a = randn([GemmSize, GemmSize], generator: g);
        using var b = randn([GemmSize, GemmSize], generator: g);
        double flops = 2.0 * GemmSize * GemmSize * GemmSize;
        var ms = Stopwatches.Milliseconds(() => { using var c = a.mm(b); }, warmups: 5, repeats: 10);
        result.Add("gemm_gflops", $"LibTorch float32 GEMM {GemmSize}³, {get_num_threads()} threads", "GFLOP/s", ms.Map(t => flops / (t * 1e6)));

        // One array of 1 GiB, summed by all cores in contiguous slices: what a scan over stored embeddings can reach.
        var values = new float[StreamBytes / sizeof(float)];
        for (int i = 0; i < values.Length; i += 1024) values[i] = i; // touch every page before timing
        int workers = Environment.ProcessorCount;
        double sink = 0;
        var streamMs = Stopwatches.Milliseconds(() => sink += ParallelSum(values, workers), warmups: 2, repeats: 10);
        result.Add("memory_gbps", $"memory read rate, SIMD sum over 1 GiB, {workers} threads", "GB/s", streamMs.Map(t => StreamBytes / (t * 1e6)));
        result.Notes.Add($"checksum {sink:E3}");
    }

    static double ParallelSum(float[] values, int workers)
    {
        var partial = new double[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            long start = values.LongLength * w / workers, end = values.LongLength * (w + 1) / workers;
            var span = MemoryMarshal.Cast<float, Vector<float>>(values.AsSpan((int)start, (int)(end - start)));
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
            int i = 0;
            for (; i + 4 <= span.Length; i += 4) { s0 += span[i]; s1 += span[i + 1]; s2 += span[i + 2]; s3 += span[i + 3]; }
            for (; i < span.Length; i++) s0 += span[i];
            partial[w] = Vector.Sum(s0 + s1 + s2 + s3);
        });
        return partial.Sum();
    }
}
