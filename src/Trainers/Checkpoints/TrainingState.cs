namespace PriorClip.MLNet.Trainers.Checkpoints;

/// <summary>Where a training run stands; saved in every checkpoint so a run can resume.</summary>
public sealed class TrainingState
{
    /// <summary>Epoch being trained (0-based).</summary>
    public int Epoch { get; set; }

    /// <summary>Batches of <see cref="Epoch"/> already trained.</summary>
    public int BatchInEpoch { get; set; }

    /// <summary>Optimiser steps taken over the whole run.</summary>
    public long GlobalStep { get; set; }

    /// <summary>Epoch (0-based) whose weights scored best on validation; -1 before the first validation.</summary>
    public int BestEpoch { get; set; } = -1;

    /// <summary>Best validation mR so far, in percent.</summary>
    public double BestScore { get; set; } = double.NegativeInfinity;

    /// <summary>Validations in a row without improvement (for early stopping).</summary>
    public int EpochsWithoutImprovement { get; set; }

    /// <summary>Per-epoch figures so far.</summary>
    public List<EpochRecord> History { get; set; } = new();
}

/// <summary>One epoch's training loss and validation score.</summary>
/// <param name="Epoch">0-based epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches.</param>
/// <param name="ValidationMeanRecall">Validation mR in percent, or null without validation data.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double? ValidationMeanRecall, double Seconds);
