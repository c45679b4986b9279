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
    public static List<int[]> Plan(IReadOnlyList<int> imageOfPair, int batchSize, CaptionBatching batching, Random rng) =>
        Plan(imageOfPair, batchSize, batching, rng, null, 0);

    /// <summary>
    /// Plans one epoch as <see cref="Plan(IReadOnlyList{int}, int, CaptionBatching, Random)"/> does, and with
    /// <paramref name="scenesPerBatch"/> &gt; 0 draws each batch from about that many scene classes: the shuffled
    /// pairs (or images, for <see cref="CaptionBatching.ByImage"/>) are cut into runs of one class, each about
    /// 1/<paramref name="scenesPerBatch"/> of a batch, and the runs are shuffled. Most in-batch negatives then share
    /// the positive's class, so the contrastive loss keeps asking what tells one scene of a class from another
    /// once the classes themselves are learnt. <paramref name="sceneOfImage"/>[i] is image i's class.
    /// With <paramref name="scenesPerBatch"/> = 0 the plan equals the other overload's for the same random state.
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<int> imageOfPair, int batchSize, CaptionBatching batching, Random rng,
        IReadOnlyList<int>? sceneOfImage, int scenesPerBatch)
    {
        ArgumentNullException.ThrowIfNull(imageOfPair);
        ArgumentNullException.ThrowIfNull(rng);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        if (scenesPerBatch < 0) throw new ArgumentOutOfRangeException(nameof(scenesPerBatch), scenesPerBatch, "must be 0 (no grouping) or positive");
        if (scenesPerBatch > 0 && sceneOfImage is null)
            throw new ArgumentException("grouping batches by scene needs the scene class of every image", nameof(sceneOfImage));
        if (scenesPerBatch > 0 && imageOfPair.Count > 0 && imageOfPair.Max() is var last && last >= sceneOfImage!.Count)
            throw new ArgumentException($"image {last} has no scene class (the list holds {sceneOfImage.Count}, for images 0..{sceneOfImage.Count - 1})", nameof(sceneOfImage));
        Func<int, int>? sceneOfPair = scenesPerBatch > 0 ? pair => sceneOfImage![imageOfPair[pair]] : null;
        if (batching == CaptionBatching.ByImage)
            return PlanByImage(imageOfPair, batchSize, rng, scenesPerBatch > 0 ? image => sceneOfImage![image] : null, scenesPerBatch);
        var order = Enumerable.Range(0, imageOfPair.Count).ToArray();
        rng.Shuffle(order);
        if (sceneOfPair is not null)
            order = GroupByScene(order, sceneOfPair, RunLength(batchSize, scenesPerBatch), rng,
                                 batching == CaptionBatching.Apart ? pair => imageOfPair[pair] : null);
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

    static List<int[]> PlanByImage(IReadOnlyList<int> imageOfPair, int batchSize, Random rng, Func<int, int>? sceneOfImage, int scenesPerBatch)
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
        if (sceneOfImage is not null)
        {
            // Runs are counted in images here: a run of about 1/scenesPerBatch of a batch's pairs.
            double pairsPerImage = (double)imageOfPair.Count / Math.Max(1, images.Count);
            order = GroupByScene(order, sceneOfImage, Math.Max(1, (int)Math.Round(batchSize / pairsPerImage / scenesPerBatch)), rng);
        }
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

    static int RunLength(int batchSize, int scenesPerBatch) => Math.Max(1, (batchSize + scenesPerBatch - 1) / scenesPerBatch);

    // Items keep their shuffled order within a class; the class's items are cut into runs of runLength, and the runs
    // of all classes are shuffled, so consecutive runs (a batch) come from a few random classes. A batch's edges need
    // not meet a run's, so a batch spans about scenesPerBatch + 1 classes. With imageOf (pairs kept apart), a class's
    // pairs are dealt image by image (every image's first caption, then every second one, ...), so a run seldom holds
    // one image twice and few pairs have to wait for a later batch.
    static int[] GroupByScene(int[] shuffled, Func<int, int> sceneOf, int runLength, Random rng, Func<int, int>? imageOf = null)
    {
        var byScene = new SortedDictionary<int, List<int>>();
        foreach (int item in shuffled)
        {
            int scene = sceneOf(item);
            if (!byScene.TryGetValue(scene, out var items)) byScene[scene] = items = new List<int>();
            items.Add(item);
        }
        var runs = new List<int[]>();
        foreach (var sceneItems in byScene.Values)
        {
            var items = sceneItems;
            if (imageOf is not null)
            {
                var captionsSeen = new Dictionary<int, int>();
                items = items.Select((item, position) => (item, position, rank: captionsSeen[imageOf(item)] = captionsSeen.GetValueOrDefault(imageOf(item)) + 1))
                             .OrderBy(x => x.rank).ThenBy(x => x.position).Select(x => x.item).ToList();
            }
            for (int start = 0; start < items.Count; start += runLength)
                runs.Add(items.GetRange(start, Math.Min(runLength, items.Count - start)).ToArray());
        }
        var runOrder = runs.ToArray();
        rng.Shuffle(runOrder);
        return runOrder.SelectMany(run => run).ToArray();
    }
}
