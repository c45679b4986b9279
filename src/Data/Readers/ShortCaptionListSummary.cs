namespace PriorClip.MLNet.Data;

/// <summary>Images that had fewer captions than expected when read, and how the reader handled them.</summary>
/// <param name="ExpectedCaptions">The expected count (<see cref="DatasetReadOptions.ExpectedCaptionsPerImage"/>).</param>
/// <param name="ImageCount">How many images had fewer (counted before any padding or dropping).</param>
/// <param name="Examples">File names of the first few such images.</param>
/// <param name="Policy">What the reader did with them.</param>
public sealed record ShortCaptionListSummary(
    int ExpectedCaptions, int ImageCount, IReadOnlyList<string> Examples, ShortCaptionListPolicy Policy);
