namespace PriorClip.MLNet.Data;

/// <summary>What <see cref="CaptionDatasetReader"/> does when an image file cannot be found.</summary>
public enum MissingImagePolicy
{
    /// <summary>Throw a <see cref="DatasetFormatException"/> naming the entry (the default: a
    /// wrong image folder should fail loudly, not produce an empty data set).</summary>
    Error,

    /// <summary>Leave the image and its captions out, and record a problem in the load report.</summary>
    Skip,

    /// <summary>Keep the image with the path where it was expected, and record a problem in the
    /// load report. Useful for statistics on annotation files whose images are not downloaded.</summary>
    Keep,
}
