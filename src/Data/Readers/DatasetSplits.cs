namespace PriorClip.MLNet.Data;

/// <summary>
/// The split names a caption dataset may use. Values in files and options are matched without
/// regard to case or surrounding spaces; <c>restval</c> (Karpathy's "rest of val", which the
/// Karpathy splits put into training) is read as <see cref="Train"/>. Any other name is an error.
/// </summary>
public static class DatasetSplits
{
    /// <summary>The training split.</summary>
    public const string Train = "train";

    /// <summary>The validation split.</summary>
    public const string Val = "val";

    /// <summary>The test split.</summary>
    public const string Test = "test";

    /// <summary>The three splits in their canonical order.</summary>
    public static IReadOnlyList<string> All { get; } = [Train, Val, Test];

    /// <summary>Maps a split name to its canonical form.</summary>
    /// <param name="name">A split name from a file or an option.</param>
    /// <returns><see cref="Train"/>, <see cref="Val"/> or <see cref="Test"/>; null when the name is none of them.</returns>
    public static string? TryNormalize(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "train" or "restval" => Train,
        "val" => Val,
        "test" => Test,
        _ => null,
    };

    /// <summary>Maps a split name to its canonical form, or throws.</summary>
    /// <param name="name">A split name.</param>
    /// <returns>The canonical name.</returns>
    /// <exception cref="ArgumentException">The name is not a known split.</exception>
    public static string Normalize(string name) => TryNormalize(name)
        ?? throw new ArgumentException($"Unknown split '{name}': expected train, val or test (restval is read as train).", nameof(name));

    /// <summary>
    /// Reads the split from a dataset file name: the stem is cut at <c>_ - . </c> and spaces, and
    /// a piece starting with <c>train</c>, <c>val</c> or <c>test</c> names the split
    /// (<c>rsitmd_train.json</c> → train, <c>rsicd_val2.json</c> → val).
    /// </summary>
    /// <param name="path">The dataset file path.</param>
    /// <returns>The split; null when no piece names one or pieces name different splits.</returns>
    public static string? FromFileName(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        string? found = null;
        foreach (var piece in stem.Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var split = piece.StartsWith("train", StringComparison.Ordinal) ? Train
                : piece.StartsWith("val", StringComparison.Ordinal) ? Val
                : piece.StartsWith("test", StringComparison.Ordinal) ? Test
                : null;
            if (split is null)
            {
                continue;
            }

            if (found is not null && found != split)
            {
                return null;
            }

            found = split;
        }

        return found;
    }
}
