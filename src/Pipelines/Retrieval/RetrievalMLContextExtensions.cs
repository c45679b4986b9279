using Microsoft.ML;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Adds <see cref="Retrieval"/> to <see cref="MLContext"/>.</summary>
public static class RetrievalMLContextExtensions
{
    /// <summary>Image–text retrieval operations (evaluation, ranking bridge) for <paramref name="mlContext"/>.</summary>
    public static RetrievalCatalog Retrieval(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new RetrievalCatalog(mlContext);
    }
}
