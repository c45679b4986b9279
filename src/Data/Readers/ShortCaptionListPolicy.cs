namespace PriorClip.MLNet.Data;

/// <summary>
/// What <see cref="CaptionDatasetReader"/> does with images that have fewer captions than
/// <see cref="DatasetReadOptions.ExpectedCaptionsPerImage"/>. Whatever the choice, the load report
/// counts those images and names a few of them.
/// </summary>
public enum ShortCaptionListPolicy
{
    /// <summary>Keep the captions as they are (the default: the reader does not invent or drop
    /// data; retrieval metrics in this library accept any number of captions per image).</summary>
    Keep,

    /// <summary>Leave such images out.</summary>
    Drop,

    /// <summary>Repeat the image's captions in order (c0, c1, c0, …) until it has the expected
    /// count, as the PIR reference code fills short caption lists.</summary>
    PadByRepeating,
}
