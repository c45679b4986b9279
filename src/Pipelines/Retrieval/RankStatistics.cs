namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Summary statistics of 1-based ranks.</summary>
internal static class RankStatistics
{
    /// <summary>Percentage of ranks ≤ <paramref name="k"/>.</summary>
    public static double RecallAt(IReadOnlyList<int> ranks, int k)
    {
        int hits = 0;
        foreach (int rank in ranks)
        {
            if (rank <= k)
                hits++;
        }
        return 100.0 * hits / ranks.Count;
    }

    /// <summary>Median as NumPy computes it: the mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyList<int> ranks)
    {
        int[] sorted = ranks.ToArray();
        Array.Sort(sorted);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + (double)sorted[middle]) / 2;
    }

    public static double Mean(IReadOnlyList<int> ranks)
    {
        long sum = 0;
        foreach (int rank in ranks)
            sum += rank;
        return (double)sum / ranks.Count;
    }
}
