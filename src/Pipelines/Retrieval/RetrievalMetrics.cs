using System.Globalization;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Result of <see cref="RetrievalCatalog.Evaluate(Microsoft.ML.IDataView, RetrievalEvaluatorOptions)"/>:
/// image → text and text → image recall (percent), ranks, and the per-scene-class breakdown when
/// classes were given. Protocol: docs/method.md §9.
/// </summary>
public sealed class RetrievalMetrics
{
    internal RetrievalMetrics(int imageCount, int captionCount, DirectionalRetrievalMetrics imageToText,
        DirectionalRetrievalMetrics textToImage, string[] imageIds, int[] captionToImage,
        IReadOnlyList<SceneClassRetrievalMetrics>? perSceneClass, SceneClassConfusionMatrix? textToImageConfusion)
    {
        ImageCount = imageCount;
        CaptionCount = captionCount;
        ImageToText = imageToText;
        TextToImage = textToImage;
        ImageIds = imageIds;
        CaptionToImage = captionToImage;
        PerSceneClass = perSceneClass;
        TextToImageConfusion = textToImageConfusion;
    }

    /// <summary>Distinct images (candidates for text → image, queries for image → text).</summary>
    public int ImageCount { get; }

    /// <summary>Captions (queries for text → image, candidates for image → text).</summary>
    public int CaptionCount { get; }

    /// <summary>Image → text: an image's query hits at K when any of its captions is in the top K.</summary>
    public DirectionalRetrievalMetrics ImageToText { get; }

    /// <summary>Text → image: a caption's query hits at K when its own image is in the top K.</summary>
    public DirectionalRetrievalMetrics TextToImage { get; }

    /// <summary>mR: the mean of image → text and text → image R@1, R@5 and R@10 (percent).</summary>
    public double MeanRecall =>
        (ImageToText.RecallAt1 + ImageToText.RecallAt5 + ImageToText.RecallAt10 +
         TextToImage.RecallAt1 + TextToImage.RecallAt5 + TextToImage.RecallAt10) / 6;

    /// <summary>Image ids in first-seen order; image index <c>i</c> in ranks and candidates refers to <c>ImageIds[i]</c>.</summary>
    public IReadOnlyList<string> ImageIds { get; }

    /// <summary>Image index of each caption (caption index = row order of the evaluated data).</summary>
    public IReadOnlyList<int> CaptionToImage { get; }

    /// <summary>Recall per scene class (ordinal order of class names), or null when no classes were given.</summary>
    public IReadOnlyList<SceneClassRetrievalMetrics>? PerSceneClass { get; }

    /// <summary>Text → image top-1 confusion between scene classes, or null when no classes were given.</summary>
    public SceneClassConfusionMatrix? TextToImageConfusion { get; }

    /// <summary>The protocol's summary line: <c>i2t R@1/5/10 | t2i R@1/5/10 | mR</c>, two decimals.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"i2t {ImageToText.RecallAt1:F2}/{ImageToText.RecallAt5:F2}/{ImageToText.RecallAt10:F2} | " +
        $"t2i {TextToImage.RecallAt1:F2}/{TextToImage.RecallAt5:F2}/{TextToImage.RecallAt10:F2} | mR {MeanRecall:F2}");
}
