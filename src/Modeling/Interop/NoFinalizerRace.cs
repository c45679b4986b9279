using System.Runtime;

namespace PriorClip.MLNet.Modeling.Interop;

/// <summary>
/// Keeps the garbage collector from starting while LibTorch calls are in flight, for the length of a
/// training run or an encoding loop, at the cost of one collection per <see cref="RenewAfterBytes"/> allocated
/// instead of one per step.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns numbers into native <c>Scalar</c>s implicitly (<c>x / 255f</c>, and inside
/// its own modules and optimisers, e.g. AdamW's <c>mul_(beta1)</c>) and frees them from a finalizer.
/// A collection during the native call that uses such a temporary can finalize it mid-call; the
/// call then reads freed memory and fails at random ("Unknown scalar type", "alpha must not be a
/// floating point number"). Seen here in Release builds under allocation pressure (background batch
/// preparation). The Scalars are created inside TorchSharp, so they cannot be held from here; what
/// can be controlled is when collections happen. A guard opens a no-GC region; <see cref="Renew"/>,
/// called between bursts of native calls (between training steps), closes and reopens it when the
/// allocations since it opened approach its budget. Opening a region collects once, but it does so
/// on this thread between steps, when no native call is in flight, so every Scalar it finalizes is
/// really dead. The measured cost before this design, one region per step, was one gen-2 collection
/// per step (bench/results/step-profile.md). If the budget runs out anyway, .NET collects and the
/// region ends early — the unguarded behaviour, never worse; the next <see cref="Renew"/> reopens it.
/// Guards nest: an inner guard (validation inside a training run) shares the outer one's region.
/// </remarks>
public sealed class NoFinalizerRace : IDisposable
{
    // Budget for everything the process allocates while the region is open (the batch preparation
    // threads included): a training step here allocates well under 1 MB of managed objects (its batch
    // buffers are pooled), an evaluation batch up to ~15 MB, a prepared augmented batch up to ~40 MB.
    const long TotalBudget = 192L << 20;
    const long LargeObjectBudget = 96L << 20;

    /// <summary>Allocations after which <see cref="Renew"/> reopens the region, leaving half the budget as headroom.</summary>
    public const long RenewAfterBytes = LargeObjectBudget / 2;

    static readonly object Gate = new();
    static int s_depth;
    static bool s_owned;
    static long s_openedAtBytes;

    bool _disposed;

    NoFinalizerRace() { }

    /// <summary>Opens a guard; the region opens now unless an enclosing guard holds one.</summary>
    public static NoFinalizerRace Enter()
    {
        lock (Gate)
        {
            if (s_depth++ == 0) Open();
            return new NoFinalizerRace();
        }
    }

    /// <summary>
    /// Call between bursts of native calls: reopens the region (one collection, at this safe point) when it
    /// ended or the allocations since it opened exceed <see cref="RenewAfterBytes"/>; otherwise does nothing.
    /// </summary>
    public void Renew()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (Gate)
        {
            bool ended = s_owned && GCSettings.LatencyMode != GCLatencyMode.NoGCRegion;
            if (!s_owned || ended || GC.GetTotalAllocatedBytes(precise: false) - s_openedAtBytes > RenewAfterBytes)
            {
                Close();
                Open();
            }
        }
    }

    /// <summary>Closes the guard; the outermost one ends the region.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (Gate)
        {
            if (--s_depth == 0) Close();
        }
    }

    static void Open()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return; // someone else's region: it protects us too
        try
        {
            s_owned = GC.TryStartNoGCRegion(TotalBudget, LargeObjectBudget, disallowFullBlockingGC: false);
        }
        catch (InvalidOperationException)
        {
            s_owned = false; // another component opened a region in the meantime
        }
        s_openedAtBytes = GC.GetTotalAllocatedBytes(precise: false);
    }

    static void Close()
    {
        if (!s_owned) return;
        s_owned = false;
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
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
