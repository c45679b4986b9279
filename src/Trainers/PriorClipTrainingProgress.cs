namespace PriorClip.MLNet.Trainers;

/// <summary>Which part of training a progress report comes from.</summary>
public enum TrainingPhase
{
    /// <summary>Pre-training the built-in scene classifier (the visual prior).</summary>
    Prior,
    /// <summary>Training the retrieval model.</summary>
    Retrieval,
    /// <summary>Scoring the validation split after an epoch.</summary>
    Validation,
}

/// <summary>A progress report: sent after every batch and after every validation.</summary>
/// <param name="Phase">What is being trained or scored.</param>
/// <param name="Epoch">0-based epoch of that phase.</param>
/// <param name="Epochs">Epochs of that phase.</param>
/// <param name="Batch">Batches done in the epoch.</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="Loss">Loss of the last batch (training phases), else null.</param>
/// <param name="LearningRate">Learning rate of the last step (training phases), else null.</param>
/// <param name="ValidationMeanRecall">Validation mR in percent (validation phase), else null.</param>
/// <param name="Message">A one-line human-readable summary.</param>
public sealed record PriorClipTrainingProgress(
    TrainingPhase Phase, int Epoch, int Epochs, int Batch, int Batches,
    double? Loss, double? LearningRate, double? ValidationMeanRecall, string Message);
