namespace PriorClip.MLNet.Trainers;

/// <summary>Splits an epoch's (image, caption) pairs into shuffled batches.</summary>
public static class BatchPlanner
{
    /// <summary>
    /// Plans one epoch. <paramref name="imageOfPair"/>[p] is the image of pair p; the result
    /// lists pair indices per batch, every pair exactly once. With
    /// <see cref="CaptionBatching.Apart"/>, a pair whose image is already in the batch waits
    /// for the next batch, so batches stay full while images stay distinct; only the last
    /// batches can be short.
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<int> imageOfPair, int batchSize, CaptionBatching batching, Random rng)
    {
        ArgumentNullException.ThrowIfNull(imageOfPair);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        var order = Enumerable.Range(0, imageOfPair.Count).ToArray();
        rng.Shuffle(order);
        var batches = new List<int[]>();
        if (batching == CaptionBatching.Together)
        {
            for (int start = 0; start < order.Length; start += batchSize)
                batches.Add(order[start..Math.Min(order.Length, start + batchSize)]);
            return batches;
        }

        var waiting = new List<int>();
        var batch = new List<int>(batchSize);
        var imagesInBatch = new HashSet<int>();
        void Close()
        {
            batches.Add(batch.ToArray());
            batch.Clear();
            imagesInBatch.Clear();
            // Pairs that waited go first into the new batch, in their order.
            for (int i = 0; i < waiting.Count && batch.Count < batchSize; )
            {
                if (imagesInBatch.Add(imageOfPair[waiting[i]])) { batch.Add(waiting[i]); waiting.RemoveAt(i); }
                else i++;
            }
        }
        foreach (var pair in order)
        {
            if (imagesInBatch.Add(imageOfPair[pair])) batch.Add(pair);
            else waiting.Add(pair);
            while (batch.Count == batchSize) Close();
        }
        while (batch.Count > 0) Close();
        return batches;
    }
}
