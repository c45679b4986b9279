namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Expected recall of random scores, the floor that a trained model must beat: text→image
/// R@K = K / images; image→text R@K = 1 − C(M − c, K) / C(M, K) for an image with c of the M
/// captions (averaged over images).
/// </summary>
public static class RetrievalChance
{
    /// <summary>Chance text→image R@K in percent.</summary>
    public static double TextToImage(int images, int k) => 100.0 * Math.Min(k, images) / images;

    /// <summary>Chance image→text R@K in percent for the given captions-per-image counts.</summary>
    public static double ImageToText(IReadOnlyList<int> captionsPerImage, int k)
    {
        int m = captionsPerImage.Sum();
        double total = 0;
        foreach (int c in captionsPerImage)
        {
            // P(no own caption in the top K) = Π_{i<K} (M − c − i) / (M − i).
            double none = 1;
            for (int i = 0; i < k && none > 0; i++) none *= Math.Max(0, m - c - i) / (double)(m - i);
            total += 1 - none;
        }
        return 100.0 * total / captionsPerImage.Count;
    }

    /// <summary>Chance mR of the problem <paramref name="metrics"/> was computed on.</summary>
    public static double MeanRecall(RetrievalMetrics metrics) =>
        MeanRecall(metrics.CaptionToImage.GroupBy(image => image).Select(g => g.Count()).ToList());

    /// <summary>Chance mR (mean of R@1/5/10 both ways) in percent.</summary>
    public static double MeanRecall(IReadOnlyList<int> captionsPerImage)
    {
        int[] ks = [1, 5, 10];
        return ks.Sum(k => ImageToText(captionsPerImage, k) + TextToImage(captionsPerImage.Count, k)) / 6;
    }
}
