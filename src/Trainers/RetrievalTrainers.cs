using Microsoft.ML;

namespace PriorClip.MLNet.Trainers;

/// <summary>Trainers of <c>mlContext.Retrieval().Trainers</c>.</summary>
public sealed class RetrievalTrainers
{
    readonly MLContext _context;

    internal RetrievalTrainers(MLContext context) => _context = context;

    /// <summary>The PriorCLIP trainer with default settings except those given.</summary>
    /// <param name="modelConfig">Built-in config name or JSON path.</param>
    /// <param name="epochs">Training epochs.</param>
    /// <param name="batchSize">Pairs per batch.</param>
    /// <param name="learningRate">Peak AdamW learning rate.</param>
    /// <param name="pixelsColumnName">Pixels column.</param>
    /// <param name="tokensColumnName">Token ids column.</param>
    /// <param name="imageIdColumnName">Image id column.</param>
    /// <param name="sceneClassColumnName">Scene class column, or null.</param>
    /// <returns>The trainer.</returns>
    public PriorClipTrainer PriorClip(string modelConfig = "tiny", int epochs = 10, int batchSize = 64, double learningRate = 1e-3,
        string pixelsColumnName = "Pixels", string tokensColumnName = "Tokens", string imageIdColumnName = "ImageId",
        string? sceneClassColumnName = "SceneClass") =>
        PriorClip(new PriorClipTrainerOptions
        {
            ModelConfig = modelConfig,
            Epochs = epochs,
            BatchSize = batchSize,
            LearningRate = learningRate,
            PixelsColumnName = pixelsColumnName,
            TokensColumnName = tokensColumnName,
            ImageIdColumnName = imageIdColumnName,
            SceneClassColumnName = sceneClassColumnName,
        });

    /// <summary>The PriorCLIP trainer configured by <paramref name="options"/>.</summary>
    /// <param name="options">All settings.</param>
    /// <returns>The trainer.</returns>
    public PriorClipTrainer PriorClip(PriorClipTrainerOptions options) => new(_context, options);
}
