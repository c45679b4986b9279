namespace PriorClip.MLNet.Data;

/// <summary>Sizes of one split.</summary>
/// <param name="Images">Number of images.</param>
/// <param name="Captions">Number of captions (rows of the data view).</param>
public sealed record SplitCounts(int Images, int Captions);
