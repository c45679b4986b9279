using System.Runtime;

namespace PriorClip.MLNet.Modeling.Interop;

/// <summary>
/// Keeps the garbage collector from running during a burst of LibTorch calls.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns numbers into native <c>Scalar</c>s implicitly (<c>x / 255f</c>, and inside
/// its own modules and optimisers, e.g. BatchNorm's batch counter) and frees them from a finalizer.
/// A collection during the native call that uses such a temporary can finalize it mid-call; the
/// call then reads freed memory and fails at random ("Unknown scalar type", "alpha must not be a
/// floating point number"). Seen here in Release builds under allocation pressure (background batch
/// preparation). Inside this region no collection starts, so the only collections happen between
/// regions, when no native call is in flight and a dead temporary really is dead. If the region's
/// allocation budget runs out, .NET collects anyway and the region ends early — the old behaviour,
/// never worse.
/// </remarks>
public readonly struct NoFinalizerRace : IDisposable
{
    // Budget for everything the process allocates while the region is open (the batch preparation
    // threads included): a training step here allocates a few MB, a prepared batch up to ~40 MB.
    const long TotalBudget = 192L << 20;
    const long LargeObjectBudget = 96L << 20;

    readonly bool _started;

    NoFinalizerRace(bool started) => _started = started;

    /// <summary>Opens a region unless one is already open (regions do not nest).</summary>
    public static NoFinalizerRace Enter()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return default;
        try
        {
            return new NoFinalizerRace(GC.TryStartNoGCRegion(TotalBudget, LargeObjectBudget, disallowFullBlockingGC: false));
        }
        catch (InvalidOperationException)
        {
            return default; // another thread opened a region in the meantime
        }
    }

    /// <summary>Closes the region if this instance opened it and it is still open.</summary>
    public void Dispose()
    {
        if (!_started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The budget ran out and .NET already ended the region with a collection.
        }
    }
}
