using Microsoft.ML;
using PriorClip.MLNet.Transforms.Images;
using PriorClip.MLNet.Transforms.Tokenization;

namespace PriorClip.MLNet.Transforms;

/// <summary>PriorClip's extension methods on <see cref="TransformsCatalog"/> (<c>mlContext.Transforms</c>).</summary>
public static class PriorClipTransformsCatalog
{
    /// <summary>
    /// Closed-domain (PIR) tokenization: learns a word vocabulary from <paramref name="inputColumnName"/> at
    /// <c>Fit</c> ([PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, then words by frequency), lower-cases, strips punctuation,
    /// keeps <paramref name="maxWords"/> words and writes <c>[CLS] words [SEP]</c> padded to <c>maxWords + 2</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Ids column (Vector&lt;Int32&gt;).</param>
    /// <param name="inputColumnName">Caption column (String).</param>
    /// <param name="maskColumnName">Mask column (Vector&lt;Single&gt;, 1 = token, 0 = padding).</param>
    /// <param name="maxWords">Words kept per caption (PIR: 30).</param>
    /// <param name="minFrequency">Words seen fewer times map to [UNK].</param>
    /// <returns>The estimator.</returns>
    public static PriorClipTokenizingEstimator PriorClipTokenize(this TransformsCatalog catalog,
        string outputColumnName = "Tokens", string inputColumnName = "Caption", string maskColumnName = "TokenMask",
        int maxWords = 30, int minFrequency = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PriorClipTokenizingEstimator(new PriorClipTokenizerOptions
        {
            TokensColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            MaskColumnName = maskColumnName,
            MaxWords = maxWords,
            MinFrequency = minFrequency,
        });
    }

    /// <summary>
    /// Open-domain tokenization with CLIP's byte-level BPE (see <see cref="ClipBpeVocabulary"/>):
    /// <c>&lt;|startoftext|&gt; … &lt;|endoftext|&gt;</c> padded with 0 to <paramref name="contextLength"/>;
    /// longer captions are truncated with the end token kept last.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="vocabulary">CLIP's vocabulary and merges.</param>
    /// <param name="outputColumnName">Ids column (Vector&lt;Int32&gt;).</param>
    /// <param name="inputColumnName">Caption column (String).</param>
    /// <param name="maskColumnName">Mask column (Vector&lt;Single&gt;).</param>
    /// <param name="contextLength">Output length (CLIP: 77).</param>
    /// <returns>The estimator.</returns>
    public static PriorClipTokenizingEstimator PriorClipTokenize(this TransformsCatalog catalog, ClipBpeVocabulary vocabulary,
        string outputColumnName = "Tokens", string inputColumnName = "Caption", string maskColumnName = "TokenMask",
        int contextLength = 77)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new PriorClipTokenizingEstimator(new PriorClipTokenizerOptions
        {
            ClipVocabulary = vocabulary,
            TokensColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            MaskColumnName = maskColumnName,
            ContextLength = contextLength,
        });
    }

    /// <summary>Tokenization configured by <paramref name="options"/> (word-level unless a CLIP vocabulary is set).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">All settings.</param>
    /// <returns>The estimator.</returns>
    public static PriorClipTokenizingEstimator PriorClipTokenize(this TransformsCatalog catalog, PriorClipTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PriorClipTokenizingEstimator(options);
    }

    /// <summary>
    /// CLIP's per-channel normalisation of <c>ExtractPixels</c> output: <c>(x / 255 − mean[c]) / std[c]</c> with
    /// CLIP's mean (0.48145466, 0.4578275, 0.40821073) and std (0.26862954, 0.26130258, 0.27577711).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Output column (Vector&lt;Single&gt;, same shape as the input).</param>
    /// <param name="inputColumnName">Planar pixel column (Vector&lt;Single&gt; of known size 3·H·W); defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="inputRange">Whether the pixels are 0–255 (ExtractPixels' default) or already 0–1.</param>
    /// <returns>The estimator.</returns>
    public static ClipPixelNormalizingEstimator NormalizeClipPixels(this TransformsCatalog catalog,
        string outputColumnName = "Pixels", string? inputColumnName = null, ClipPixelInputRange inputRange = ClipPixelInputRange.Bytes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ClipPixelNormalizingEstimator(new ClipPixelNormalizerOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            InputRange = inputRange,
        });
    }

    /// <summary>Per-channel mean/std normalisation configured by <paramref name="options"/> (other statistics, channel counts).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">All settings.</param>
    /// <returns>The estimator.</returns>
    public static ClipPixelNormalizingEstimator NormalizeClipPixels(this TransformsCatalog catalog, ClipPixelNormalizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ClipPixelNormalizingEstimator(options);
    }
}
