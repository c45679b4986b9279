using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>How much the captions of different classes share their words.</summary>
internal static class ClassVocabulary
{
    /// <summary>Function words, which every class shares whatever the generator does.</summary>
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "is", "are", "of", "in", "on", "at", "and", "with", "there", "this", "it", "to", "from",
        "by", "some", "several", "many", "can", "be", "we", "its", "one", "single",
    ];

    /// <summary>Mean, over all pairs of classes, of the cosine similarity of their content-word counts (0: no word shared, 1: same distribution).</summary>
    public static double MeanPairwiseCosine(IEnumerable<SyntheticImage> images)
    {
        var counts = images.GroupBy(i => i.Scene.SceneClass).ToDictionary(
            g => g.Key,
            g => g.SelectMany(i => i.Captions).SelectMany(CaptionClaims.Words).Where(w => !StopWords.Contains(w))
                .GroupBy(w => w).ToDictionary(w => w.Key, w => (double)w.Count()));
        var classes = counts.Keys.Order(StringComparer.Ordinal).ToList();
        var similarities = new List<double>();
        for (int a = 0; a < classes.Count; a++)
        {
            for (int b = a + 1; b < classes.Count; b++)
                similarities.Add(Cosine(counts[classes[a]], counts[classes[b]]));
        }
        return similarities.Average();
    }

    private static double Cosine(Dictionary<string, double> x, Dictionary<string, double> y)
    {
        double dot = x.Sum(p => y.TryGetValue(p.Key, out double v) ? p.Value * v : 0);
        return dot / (Norm(x) * Norm(y));
    }

    private static double Norm(Dictionary<string, double> v) => Math.Sqrt(v.Values.Sum(c => c * c));
}
