namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Random permutations for the hard variant's choices (band sides, caption slots).</summary>
internal static class RandomOrder
{
    /// <summary>A shuffled copy (Fisher–Yates with explicit draws, so the order cannot change with the runtime's own shuffle).</summary>
    public static T[] Shuffled<T>(IReadOnlyList<T> items, Random random)
    {
        var result = items.ToArray();
        for (int i = result.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }
}
