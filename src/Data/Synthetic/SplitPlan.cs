namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Assigns every image id a split, a class and a file name, with classes balanced within each split.</summary>
/// <remarks>
/// Within a split, classes take turns (round robin over <see cref="SceneClasses.All"/>), so each
/// class gets ⌊n/12⌋ or ⌈n/12⌉ images of a split of n. Files are numbered per class across
/// splits: <c>airport_0000.png</c>, <c>airport_0001.png</c>, …
/// </remarks>
internal static class SplitPlan
{
    public sealed record Entry(int ImageId, string Split, string SceneClass, string FileName);

    public static IReadOnlyList<Entry> Create(SyntheticDatasetOptions options)
    {
        var classes = SceneClasses.All;
        var nextIndex = classes.ToDictionary(c => c, _ => 0);
        var entries = new List<Entry>(options.TotalImages);
        foreach (var (split, size) in new[] { (DatasetSplit.Train, options.TrainImages), (DatasetSplit.Val, options.ValImages), (DatasetSplit.Test, options.TestImages) })
        {
            for (int i = 0; i < size; i++)
            {
                string sceneClass = classes[i % classes.Count];
                int index = nextIndex[sceneClass]++;
                entries.Add(new Entry(entries.Count, split, sceneClass, $"{sceneClass}_{index:D4}.png"));
            }
        }
        return entries;
    }
}
