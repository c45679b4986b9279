using Microsoft.ML;

namespace PriorClip.MLNet.Transforms.ZeroShot;

/// <summary><c>mlContext.Transforms.PriorClipZeroShot(...)</c>: zero-shot scene classification from image embeddings.</summary>
public static class PriorClipZeroShotCatalog
{
    /// <summary>
    /// Classifies <c>ImageEmbedding</c> into <paramref name="classNames"/> by prompt similarity (see
    /// <see cref="PriorClipZeroShotTransformer"/>), writing <c>PredictedLabel</c> and <c>Score</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="textEncoder">Caption → TextEmbedding: a fitted model's text side (<c>RetrievalModelParts.From(model).TextSide</c>).</param>
    /// <param name="classNames">Class names in label order.</param>
    /// <param name="templates">Prompt templates with <c>{}</c>; null for <see cref="PriorClipZeroShotOptions.RemoteSensingTemplates"/>.</param>
    /// <param name="imageEmbeddingColumnName">Input image embeddings.</param>
    /// <returns>The estimator.</returns>
    public static PriorClipZeroShotEstimator PriorClipZeroShot(this TransformsCatalog catalog, ITransformer textEncoder,
        IEnumerable<string> classNames, IEnumerable<string>? templates = null, string imageEmbeddingColumnName = "ImageEmbedding")
    {
        ArgumentNullException.ThrowIfNull(classNames);
        return PriorClipZeroShot(catalog, textEncoder, new PriorClipZeroShotOptions
        {
            ClassNames = classNames.ToList(),
            Templates = templates?.ToList() ?? PriorClipZeroShotOptions.RemoteSensingTemplates,
            ImageEmbeddingColumnName = imageEmbeddingColumnName,
        });
    }

    /// <summary>Zero-shot classification configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="textEncoder">Caption → TextEmbedding.</param>
    /// <param name="options">All settings.</param>
    /// <returns>The estimator.</returns>
    public static PriorClipZeroShotEstimator PriorClipZeroShot(this TransformsCatalog catalog, ITransformer textEncoder, PriorClipZeroShotOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PriorClipZeroShotEstimator(textEncoder, options);
    }
}
