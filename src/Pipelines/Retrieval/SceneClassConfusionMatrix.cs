namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Text → image top-1 confusion between scene classes: <c>Count(q, r)</c> is how many captions of
/// class <c>q</c> retrieved, as their top-ranked image, an image of class <c>r</c>. The diagonal
/// counts class-correct top-1 retrievals (the image itself may still be the wrong one).
/// </summary>
public sealed class SceneClassConfusionMatrix
{
    private readonly int[][] _counts;
    private readonly Dictionary<string, int> _classIndex;

    internal SceneClassConfusionMatrix(string[] classNames, int[][] counts)
    {
        ClassNames = classNames;
        _counts = counts;
        _classIndex = classNames.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
    }

    /// <summary>Class names in ordinal order; row and column indices refer to this list.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Counts by row (class of the query caption's image) and column (class of the top-1 image).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Counts => _counts;

    /// <summary>Captions of class <paramref name="queryClass"/> whose top-1 image has class <paramref name="retrievedClass"/>.</summary>
    /// <exception cref="KeyNotFoundException">A class name is not in <see cref="ClassNames"/>.</exception>
    public int Count(string queryClass, string retrievedClass) =>
        _counts[IndexOf(queryClass)][IndexOf(retrievedClass)];

    private int IndexOf(string className) =>
        _classIndex.TryGetValue(className, out int index)
            ? index
            : throw new KeyNotFoundException($"Scene class '{className}' does not occur in the evaluated data.");
}
