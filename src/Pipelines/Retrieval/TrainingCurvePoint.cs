namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>One training epoch as a report shows it.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss of the epoch.</param>
/// <param name="ValidationMeanRecall">Validation mR in percent, or null when the run had no validation data.</param>
public sealed record TrainingCurvePoint(int Epoch, double TrainLoss, double? ValidationMeanRecall);
