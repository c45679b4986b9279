using PriorClip.MLNet.Trainers;

namespace PriorClip.MLNet.Tests.Trainers;

public class BatchPlannerTests
{
    // 7 images with 1..7 captions each: 28 pairs.
    static readonly int[] ImageOfPair = Enumerable.Range(0, 7).SelectMany(i => Enumerable.Repeat(i, i + 1)).ToArray();

    [Theory]
    [InlineData(CaptionBatching.Together)]
    [InlineData(CaptionBatching.Apart)]
    [InlineData(CaptionBatching.ByImage)]
    public void EveryPairExactlyOnce(CaptionBatching batching)
    {
        var batches = BatchPlanner.Plan(ImageOfPair, 4, batching, new Random(1));
        Assert.Equal(Enumerable.Range(0, ImageOfPair.Length), batches.SelectMany(b => b).Order());
        // By image, an image with more captions than the batch size (here up to 7) fills a batch alone.
        int largest = batching == CaptionBatching.ByImage ? 7 : 4;
        Assert.All(batches, b => Assert.InRange(b.Length, 1, largest));
    }

    [Fact]
    public void ApartNeverPutsAnImageTwiceInABatch()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var batches = BatchPlanner.Plan(ImageOfPair, 5, CaptionBatching.Apart, new Random(seed));
            Assert.All(batches, b => Assert.Equal(b.Length, b.Select(p => ImageOfPair[p]).Distinct().Count()));
            // Waiting pairs fill the next batch, so every batch before the first short one is full.
            int firstShort = batches.FindIndex(b => b.Length < 5);
            Assert.All(batches.Take(firstShort < 0 ? batches.Count : firstShort), b => Assert.Equal(5, b.Length));
        }
    }

    [Fact]
    public void SameSeedSamePlan()
    {
        var a = BatchPlanner.Plan(ImageOfPair, 6, CaptionBatching.Apart, new Random(9));
        var b = BatchPlanner.Plan(ImageOfPair, 6, CaptionBatching.Apart, new Random(9));
        Assert.Equal(a, b);
    }

    [Fact]
    public void ByImageKeepsEachImagesPairsInOneBatchAndFillsBatchesUpToTheSize()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var batches = BatchPlanner.Plan(ImageOfPair, 9, CaptionBatching.ByImage, new Random(seed));
            var batchOfImage = new Dictionary<int, int>();
            for (int b = 0; b < batches.Count; b++)
                foreach (int pair in batches[b])
                    Assert.Equal(b, batchOfImage.TryAdd(ImageOfPair[pair], b) ? b : batchOfImage[ImageOfPair[pair]]);
            Assert.All(batches, b => Assert.InRange(b.Length, 1, 9));
            // A batch is closed only when the next image would not fit.
            for (int b = 0; b + 1 < batches.Count; b++)
                Assert.True(batches[b].Length + (ImageOfPair[batches[b + 1][0]] + 1) > 9);
        }
        // An image with more pairs than the batch size fills a batch alone.
        var large = BatchPlanner.Plan(ImageOfPair, 3, CaptionBatching.ByImage, new Random(3));
        Assert.Contains(large, b => b.Length == 7);
    }

    // 120 images of 12 classes (image i is of class i % 12), 5 captions each: 600 pairs.
    static readonly int[] SceneOfImage = Enumerable.Range(0, 120).Select(i => i % 12).ToArray();
    static readonly int[] FivePerImage = Enumerable.Range(0, 120).SelectMany(i => Enumerable.Repeat(i, 5)).ToArray();

    [Theory]
    [InlineData(CaptionBatching.Together)]
    [InlineData(CaptionBatching.Apart)]
    [InlineData(CaptionBatching.ByImage)]
    public void SceneGroupedBatchesDrawFromAFewClassesAndStillHoldEveryPairOnce(CaptionBatching batching)
    {
        var batches = BatchPlanner.Plan(FivePerImage, 20, batching, new Random(5), SceneOfImage, scenesPerBatch: 2);
        Assert.Equal(Enumerable.Range(0, FivePerImage.Length), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 20));
        double Classes(int[] batch) => batch.Select(p => SceneOfImage[FivePerImage[p]]).Distinct().Count();
        // Runs of 10 pairs (2 images by image) from one class: a batch spans 2 runs, more where its edges cut runs
        // or a short remainder run sits inside it. Mixed batches span 4 classes (4 images by image) to 10.
        Assert.All(batches, b => Assert.InRange(Classes(b), 1, 4));
        Assert.InRange(batches.Average(Classes), 1, 3);
        var mixed = BatchPlanner.Plan(FivePerImage, 20, batching, new Random(5));
        Assert.True(mixed.Average(Classes) > batches.Average(Classes) + 1, $"mixed {mixed.Average(Classes):F2}, grouped {batches.Average(Classes):F2}");
        if (batching == CaptionBatching.Apart)
            Assert.All(batches, b => Assert.Equal(b.Length, b.Select(p => FivePerImage[p]).Distinct().Count()));
    }

    [Fact]
    public void NoGroupingGivesTheMixedPlanOfTheSameRandomState()
    {
        foreach (var batching in new[] { CaptionBatching.Together, CaptionBatching.Apart, CaptionBatching.ByImage })
            Assert.Equal(BatchPlanner.Plan(FivePerImage, 32, batching, new Random(3)),
                         BatchPlanner.Plan(FivePerImage, 32, batching, new Random(3), SceneOfImage, scenesPerBatch: 0));
    }

    [Fact]
    public void SceneGroupingNeedsEachImagesClass()
    {
        var missing = Assert.Throws<ArgumentException>(() => BatchPlanner.Plan(FivePerImage, 32, CaptionBatching.Together, new Random(1), null, 2));
        Assert.Contains("scene class", missing.Message);
        var short_ = Assert.Throws<ArgumentException>(() => BatchPlanner.Plan(FivePerImage, 32, CaptionBatching.Together, new Random(1), SceneOfImage[..100], 2));
        Assert.Contains("image 119 has no scene class (the list holds 100", short_.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchPlanner.Plan(FivePerImage, 32, CaptionBatching.Together, new Random(1), SceneOfImage, -1));
    }
}
