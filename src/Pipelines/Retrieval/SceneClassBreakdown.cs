namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Per-scene-class recall and the text → image top-1 class confusion.</summary>
internal static class SceneClassBreakdown
{
    public static IReadOnlyList<SceneClassRetrievalMetrics> PerClass(string[] imageClasses, int[] captionToImage,
        int[] imageRanks, int[] captionRanks, int[] recallCutoffs)
    {
        string[] names = OrderedClassNames(imageClasses);
        var index = ClassIndex(names);
        var imageRanksByClass = names.Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < imageClasses.Length; i++)
            imageRanksByClass[index[imageClasses[i]]].Add(imageRanks[i]);
        var captionRanksByClass = names.Select(_ => new List<int>()).ToArray();
        for (int j = 0; j < captionToImage.Length; j++)
            captionRanksByClass[index[imageClasses[captionToImage[j]]]].Add(captionRanks[j]);
        var result = new List<SceneClassRetrievalMetrics>(names.Length);
        for (int c = 0; c < names.Length; c++)
        {
            result.Add(new SceneClassRetrievalMetrics(names[c], imageRanksByClass[c].Count, captionRanksByClass[c].Count,
                Recalls(imageRanksByClass[c], recallCutoffs), Recalls(captionRanksByClass[c], recallCutoffs)));
        }
        return result;
    }

    public static SceneClassConfusionMatrix TextToImageConfusion(string[] imageClasses, int[] captionToImage, int[] topImages)
    {
        string[] names = OrderedClassNames(imageClasses);
        var index = ClassIndex(names);
        var counts = names.Select(_ => new int[names.Length]).ToArray();
        for (int j = 0; j < captionToImage.Length; j++)
            counts[index[imageClasses[captionToImage[j]]]][index[imageClasses[topImages[j]]]]++;
        return new SceneClassConfusionMatrix(names, counts);
    }

    private static string[] OrderedClassNames(string[] imageClasses) =>
        imageClasses.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static Dictionary<string, int> ClassIndex(string[] names) =>
        names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

    private static IReadOnlyDictionary<int, double> Recalls(List<int> ranks, int[] recallCutoffs) =>
        recallCutoffs.ToDictionary(k => k, k => RankStatistics.RecallAt(ranks, k));
}
