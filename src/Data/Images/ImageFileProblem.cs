namespace PriorClip.MLNet.Data.Images;

/// <summary>An image file that cannot be used, and why.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">What is wrong, in words (e.g. "truncated: the data ends before the last row").</param>
public sealed record ImageFileProblem(string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}
