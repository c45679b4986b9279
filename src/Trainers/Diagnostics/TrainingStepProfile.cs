using System.Diagnostics;

namespace PriorClip.MLNet.Trainers.Diagnostics;

/// <summary>Phases of one retrieval training step, in the order the step runs them.</summary>
internal enum StepPhase
{
    /// <summary>Waiting for the background producer's next batch (zero when preparation keeps up).</summary>
    WaitForBatch,
    /// <summary>Opening and closing the finalizer-race guard (a GC region, when one is used).</summary>
    RaceGuard,
    /// <summary>Host arrays to tensors, pixel normalisation, seeding, learning rate.</summary>
    ToTensors,
    /// <summary>Model forward and loss.</summary>
    Forward,
    /// <summary>Autograd backward.</summary>
    Backward,
    /// <summary>Gradient clipping, AdamW step, logit-scale clamp.</summary>
    Optimizer,
    /// <summary>Reading the loss back, progress reporting, checkpoint bookkeeping.</summary>
    HostOverhead,
}

/// <summary>
/// Wall time per <see cref="StepPhase"/> summed over the steps of a run, plus garbage collections
/// per epoch. LibTorch's CPU kernels are synchronous, so a stopwatch around each call measures
/// the call. Filled by the training session when <c>PriorClipTrainerOptions.StepProfile</c> is set.
/// </summary>
internal sealed class TrainingStepProfile
{
    readonly long[] _ticks = new long[Enum.GetValues<StepPhase>().Length];
    readonly Stopwatch _clock = new();
    int _gen0, _gen1, _gen2;
    TimeSpan _pause;
    long _stepStart;

    /// <summary>Steps measured.</summary>
    public int Steps { get; private set; }

    /// <summary>Rows (captions) in the measured steps.</summary>
    public long Rows { get; private set; }

    /// <summary>Images encoded in the measured steps (fewer than rows when a batch holds several captions of an image).</summary>
    public long Images { get; private set; }

    /// <summary>Wall milliseconds of each measured step (all phases), in order.</summary>
    public List<double> StepMilliseconds { get; } = new();

    /// <summary>Per epoch: collections of generation 0, 1, 2 and the GC pause time.</summary>
    public List<(int Gen0, int Gen1, int Gen2, TimeSpan Pause)> Epochs { get; } = new();

    /// <summary>Total wall time of a phase.</summary>
    public TimeSpan Total(StepPhase phase) => TimeSpan.FromTicks(_ticks[(int)phase] * TimeSpan.TicksPerSecond / Stopwatch.Frequency);

    /// <summary>Restarts the phase clock; call before the first step of an epoch.</summary>
    public void Begin()
    {
        _stepStart = _ticks.Sum();
        _clock.Restart();
    }

    /// <summary>Charges the time since the last mark to <paramref name="phase"/>.</summary>
    public void Mark(StepPhase phase)
    {
        _ticks[(int)phase] += _clock.ElapsedTicks;
        _clock.Restart();
    }

    /// <summary>Counts one finished step.</summary>
    public void EndStep(int rows, int images)
    {
        Steps++;
        long now = _ticks.Sum(); // the clock runs on across steps (one Begin per epoch): a step is what was charged since the last
        StepMilliseconds.Add((now - _stepStart) * 1000.0 / Stopwatch.Frequency);
        _stepStart = now;
        Rows += rows;
        Images += images;
    }

    /// <summary>Remembers the collection counters at the start of an epoch.</summary>
    public void BeginEpoch()
    {
        _gen0 = GC.CollectionCount(0);
        _gen1 = GC.CollectionCount(1);
        _gen2 = GC.CollectionCount(2);
        _pause = GC.GetTotalPauseDuration();
    }

    /// <summary>Records the collections since <see cref="BeginEpoch"/>.</summary>
    public void EndEpoch() =>
        Epochs.Add((GC.CollectionCount(0) - _gen0, GC.CollectionCount(1) - _gen1, GC.CollectionCount(2) - _gen2, GC.GetTotalPauseDuration() - _pause));
}
