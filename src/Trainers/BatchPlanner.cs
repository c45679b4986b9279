namespace PriorClip.MLNet.Trainers;

/// <summary>Splits an epoch's (image, caption) pairs into shuffled batches.</summary>
public static class BatchPlanner
{
    /// <summary>
    /// Plans one epoch. <paramref name="imageOfPair"/>[p] is the image of pair p; the result
    /// lists pair indices per batch, every pair exactly once. With
    /// <see cref="CaptionBatching.Apart"/>, a pair whose image is already in the batch waits
    /// for the next batch, so batches stay full while images stay distinct; only the last
    /// batches can be short. With <see cref="CaptionBatching.ByImage"/>, images are shuffled and
    /// each one's pairs go into one batch together; a batch is closed before an image would take
    /// it past <paramref name="batchSize"/> pairs (an image with more pairs than that fills one alone).
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<int> imageOfPair, int batchSize, CaptionBatching batching, Random rng)
    {
        ArgumentNullException.ThrowIfNull(imageOfPair);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        if (batching == CaptionBatching.ByImage) return PlanByImage(imageOfPair, batchSize, rng);
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

    static List<int[]> PlanByImage(IReadOnlyList<int> imageOfPair, int batchSize, Random rng)
    {
        var pairsOfImage = new Dictionary<int, List<int>>();
        var images = new List<int>();
        for (int pair = 0; pair < imageOfPair.Count; pair++)
        {
            if (!pairsOfImage.TryGetValue(imageOfPair[pair], out var pairs))
            {
                pairsOfImage[imageOfPair[pair]] = pairs = new List<int>();
                images.Add(imageOfPair[pair]);
            }
            pairs.Add(pair);
        }
        var order = images.ToArray();
        rng.Shuffle(order);
        var batches = new List<int[]>();
        var batch = new List<int>(batchSize);
        foreach (int image in order)
        {
            var pairs = pairsOfImage[image];
            if (batch.Count > 0 && batch.Count + pairs.Count > batchSize)
            {
                batches.Add(batch.ToArray());
                batch.Clear();
            }
            batch.AddRange(pairs);
        }
        if (batch.Count > 0) batches.Add(batch.ToArray());
        return batches;
    }
}
