namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Split names as written in the Karpathy JSON.</summary>
public static class DatasetSplit
{
    /// <summary>Training split.</summary>
    public const string Train = "train";
    /// <summary>Validation split.</summary>
    public const string Val = "val";
    /// <summary>Test split.</summary>
    public const string Test = "test";

    /// <summary>The splits in the order images are numbered.</summary>
    public static IReadOnlyList<string> All { get; } = [Train, Val, Test];
}
