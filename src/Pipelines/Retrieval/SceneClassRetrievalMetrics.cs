namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Recall restricted to one scene class: image → text over the class's images, text → image over
/// the captions of the class's images. Candidates are still all images / all captions.
/// </summary>
public sealed class SceneClassRetrievalMetrics
{
    internal SceneClassRetrievalMetrics(string sceneClass, int imageCount, int captionCount,
        IReadOnlyDictionary<int, double> imageToTextRecallAtK, IReadOnlyDictionary<int, double> textToImageRecallAtK)
    {
        SceneClass = sceneClass;
        ImageCount = imageCount;
        CaptionCount = captionCount;
        ImageToTextRecallAtK = imageToTextRecallAtK;
        TextToImageRecallAtK = textToImageRecallAtK;
    }

    /// <summary>The class name.</summary>
    public string SceneClass { get; }

    /// <summary>Images of this class (the image → text queries).</summary>
    public int ImageCount { get; }

    /// <summary>Captions of this class's images (the text → image queries).</summary>
    public int CaptionCount { get; }

    /// <summary>Image → text recall in percent for each cutoff.</summary>
    public IReadOnlyDictionary<int, double> ImageToTextRecallAtK { get; }

    /// <summary>Text → image recall in percent for each cutoff.</summary>
    public IReadOnlyDictionary<int, double> TextToImageRecallAtK { get; }

    /// <summary>Mean of image → text and text → image R@1, R@5 and R@10 within the class.</summary>
    public double MeanRecall =>
        (ImageToTextRecallAtK[1] + ImageToTextRecallAtK[5] + ImageToTextRecallAtK[10] +
         TextToImageRecallAtK[1] + TextToImageRecallAtK[5] + TextToImageRecallAtK[10]) / 6;
}
