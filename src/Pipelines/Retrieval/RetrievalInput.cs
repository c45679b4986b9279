namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// A validated retrieval problem: images and captions ready for scoring, and which image each
/// caption describes. Built only by <see cref="RetrievalInputBuilder"/>.
/// </summary>
internal sealed class RetrievalInput
{
    public required ScoringMatrix Images { get; init; }

    public required ScoringMatrix Captions { get; init; }

    /// <summary>Image index of each caption.</summary>
    public required int[] CaptionToImage { get; init; }

    /// <summary>Image <c>i</c>'s captions are <c>ImageCaptions[ImageCaptionOffsets[i]..ImageCaptionOffsets[i+1]]</c>, ascending.</summary>
    public required int[] ImageCaptionOffsets { get; init; }

    public required int[] ImageCaptions { get; init; }

    /// <summary>Display id of each image (the ImageId column's value, or the index as text).</summary>
    public required string[] ImageIds { get; init; }

    /// <summary>Scene class of each image, when known.</summary>
    public string[]? ImageSceneClasses { get; init; }

    public int ImageCount => Images.Rows;

    public int CaptionCount => Captions.Rows;
}
