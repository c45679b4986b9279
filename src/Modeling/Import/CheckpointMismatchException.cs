namespace PriorClip.MLNet.Modeling.Import;

/// <summary>
/// A checkpoint that does not fit the model exactly. The message lists every missing, unexpected and mis-shaped
/// tensor at once (not just the first), so one run tells what is wrong with a file.
/// </summary>
public sealed class CheckpointMismatchException : Exception
{
    /// <summary>Creates the exception from the three lists.</summary>
    public CheckpointMismatchException(string path, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> misshaped)
        : base(Describe(path, missing, unexpected, misshaped))
    {
        Missing = missing;
        Unexpected = unexpected;
        Misshaped = misshaped;
    }

    /// <summary>Model tensors the checkpoint does not provide (checkpoint names).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Checkpoint tensors the model has no place for.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Tensors present on both sides with different shapes, as "name: file [..] vs model [..]".</summary>
    public IReadOnlyList<string> Misshaped { get; }

    static string Describe(string path, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> misshaped)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"missing ({missing.Count}): {string.Join(", ", missing)}");
        if (unexpected.Count > 0) parts.Add($"unexpected ({unexpected.Count}): {string.Join(", ", unexpected)}");
        if (misshaped.Count > 0) parts.Add($"mis-shaped ({misshaped.Count}): {string.Join("; ", misshaped)}");
        return $"checkpoint '{path}' does not fit the model: {string.Join(" | ", parts)}";
    }
}
