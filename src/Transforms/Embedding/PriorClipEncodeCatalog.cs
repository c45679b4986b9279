using Microsoft.ML;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Inference;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary><c>mlContext.Transforms.PriorClipEncode(...)</c>: encoding with a PriorCLIP model.</summary>
public static class PriorClipEncodeCatalog
{
    /// <summary>
    /// Maps Pixels (+ Instruction) to ImageEmbedding and Tokens + TokenMask to TextEmbedding with
    /// <paramref name="model"/> (CLIP pixel normalisation). Either input may be absent.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">A trained model, e.g. <c>trainedTransformer.Model</c> or one built by <see cref="PriorClipModelFactory"/> with loaded weights.</param>
    /// <param name="imageEmbeddingColumnName">Output image embedding column.</param>
    /// <param name="textEmbeddingColumnName">Output text embedding column.</param>
    /// <param name="pixelsColumnName">Input pixels column.</param>
    /// <param name="tokensColumnName">Input token ids column.</param>
    /// <param name="tokenMaskColumnName">Input token mask column.</param>
    /// <param name="batchSize">Rows encoded together.</param>
    /// <returns>The estimator.</returns>
    public static PriorClipEncodingEstimator PriorClipEncode(this TransformsCatalog catalog, PriorClipModel model,
        string imageEmbeddingColumnName = "ImageEmbedding", string textEmbeddingColumnName = "TextEmbedding",
        string pixelsColumnName = "Pixels", string tokensColumnName = "Tokens", string tokenMaskColumnName = "TokenMask",
        int batchSize = 64) =>
        PriorClipEncode(catalog, model, new PriorClipEncodeOptions
        {
            ImageEmbeddingColumnName = imageEmbeddingColumnName,
            TextEmbeddingColumnName = textEmbeddingColumnName,
            PixelsColumnName = pixelsColumnName,
            TokensColumnName = tokensColumnName,
            TokenMaskColumnName = tokenMaskColumnName,
            BatchSize = batchSize,
        });

    /// <summary>Encoding configured by <paramref name="options"/>, with <paramref name="normalization"/> (CLIP's by default).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="model">The model.</param>
    /// <param name="options">Columns and batch size.</param>
    /// <param name="normalization">Pixel mean/std; null for CLIP's.</param>
    /// <returns>The estimator.</returns>
    public static PriorClipEncodingEstimator PriorClipEncode(this TransformsCatalog catalog, PriorClipModel model,
        PriorClipEncodeOptions options, PixelNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PriorClipEncodingEstimator(model, normalization ?? PixelNormalization.Clip, options);
    }
}
