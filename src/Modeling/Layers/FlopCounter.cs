namespace PriorClip.MLNet.Modeling.Layers;

/// <summary>
/// Counts multiply-accumulates (MACs) of the operations that forward hooks on <c>Linear</c>/<c>Conv2d</c>
/// cannot see (attention products, functional projections). Inactive (and free) unless a
/// <see cref="ModelComplexity"/> measurement opens a counting region on this async flow.
/// </summary>
internal static class FlopCounter
{
    private static readonly AsyncLocal<StrongBox<long>?> Current = new();

    /// <summary>Adds MACs to the active count, if any.</summary>
    public static void Add(long macs)
    {
        var box = Current.Value;
        if (box is not null) box.Value += macs;
    }

    /// <summary>Starts counting on this async flow; dispose the result to stop.</summary>
    public static Region Begin()
    {
        var box = new StrongBox<long>(0);
        Current.Value = box;
        return new Region(box);
    }

    /// <summary>An open counting region.</summary>
    public sealed class Region(StrongBox<long> box) : IDisposable
    {
        /// <summary>MACs counted so far.</summary>
        public long Macs => box.Value;

        /// <summary>Adds MACs seen by hooks.</summary>
        public void Add(long macs) => box.Value += macs;

        /// <inheritdoc />
        public void Dispose() => Current.Value = null;
    }

    /// <summary>Mutable holder.</summary>
    public sealed class StrongBox<T>(T value)
    {
        /// <summary>The value.</summary>
        public T Value = value;
    }
}
