using System.Runtime.InteropServices;

namespace PriorClip.MLNet.Modeling.Interop;

/// <summary>
/// Keeps glibc's malloc from handing LibTorch's freed buffers back to the kernel between steps. LibTorch frees and
/// re-allocates its activation and gradient buffers (tens of MB each) every step; by default glibc trims the freed top
/// of its heaps, so every step the kernel maps and zeroes those pages again. bench/recipes/malloc-tuning.sh measured the
/// tiny raw step (127 pairs, 2 cores) at 479–499 ms without and 229–256 ms with this (bench/results/malloc-tuning.md).
/// The cost is that the process keeps its peak heap instead of returning it.
/// </summary>
/// <remarks>
/// Applied once, on Linux with glibc, when the first model is created. Skipped when <c>PRIORCLIP_MALLOC_TUNING=0</c>
/// or when the user already tunes malloc through <c>MALLOC_TRIM_THRESHOLD_</c>, <c>MALLOC_TOP_PAD_</c>,
/// <c>MALLOC_MMAP_THRESHOLD_</c> or <c>GLIBC_TUNABLES</c>: their settings win.
/// </remarks>
public static class NativeMemoryTuning
{
    const int TrimThreshold = -1, TopPad = -2, MmapMax = -4; // M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_MAX in glibc's malloc.h
    const int TopPadBytes = 64 << 20;
    static int s_state; // 0 not yet, 1 applied, 2 skipped

    /// <summary>Whether the tuning is in effect in this process.</summary>
    public static bool Applied => Volatile.Read(ref s_state) == 1;

    /// <summary>Applies the tuning unless it was applied (or skipped) before; safe to call from any thread.</summary>
    public static void Apply()
    {
        if (Volatile.Read(ref s_state) != 0) return;
        int outcome = ShouldApply() && TrySet() ? 1 : 2;
        Interlocked.CompareExchange(ref s_state, outcome, 0);
    }

    static bool ShouldApply() =>
        OperatingSystem.IsLinux()
        && Environment.GetEnvironmentVariable("PRIORCLIP_MALLOC_TUNING") != "0"
        && new[] { "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES" }
            .All(name => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)));

    static bool TrySet()
    {
        try
        {
            // No buffer is served by its own mmap (which munmap returns to the kernel on free), the heap's free top is not
            // trimmed below 2 GB, and it grows 64 MB at a time. mallopt returns 1 on success; all must hold to count as applied.
            return mallopt(MmapMax, 0) == 1 & mallopt(TrimThreshold, int.MaxValue) == 1 & mallopt(TopPad, TopPadBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    static extern int mallopt(int parameter, int value);
}
