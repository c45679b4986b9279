using PriorClip.MLNet.Trainers;

namespace PriorClip.MLNet.Tests.Trainers;

public class BatchPlannerTests
{
    // 7 images with 1..7 captions each: 28 pairs.
    static readonly int[] ImageOfPair = Enumerable.Range(0, 7).SelectMany(i => Enumerable.Repeat(i, i + 1)).ToArray();

    [Theory]
    [InlineData(CaptionBatching.Together)]
    [InlineData(CaptionBatching.Apart)]
    public void EveryPairExactlyOnce(CaptionBatching batching)
    {
        var batches = BatchPlanner.Plan(ImageOfPair, 4, batching, new Random(1));
        Assert.Equal(Enumerable.Range(0, ImageOfPair.Length), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 4));
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
}
