using PriorClip.MLNet.Trainers.Data;

namespace PriorClip.MLNet.Tests.Trainers;

public class TrainingBatchBuilderTests
{
    const int Size = 2, Context = 8;

    // 3 images (pixel value = 10·image + channel), captions of 3, 5 and 2 tokens on images 0, 0, 2.
    static TrainingSet Set()
    {
        var set = new TrainingSet(Size, Context, 0, ["a", "b"]);
        for (int image = 0; image < 3; image++)
        {
            set.ImageIds.Add($"i{image}");
            set.Pixels.Add(Enumerable.Range(0, 3 * Size * Size).Select(i => (byte)(10 * image + i / (Size * Size))).ToArray());
            set.SceneOfImage.Add(image % 2);
        }
        foreach (var (image, length) in new[] { (0, 3), (0, 5), (2, 2) })
        {
            set.ImageOfCaption.Add(image);
            set.Tokens.Add(Enumerable.Range(0, Context).Select(i => i < length ? 100 + i : 0).ToArray());
            set.Masks.Add(Enumerable.Range(0, Context).Select(i => i < length ? 1f : 0f).ToArray());
        }
        return set;
    }

    [Fact]
    public void TokensAreTrimmedToTheBatchsLongestCaption()
    {
        var builder = new TrainingBatchBuilder(Set(), null, seed: 1);
        var batch = builder.Captions([2, 0], epoch: 0, shareImages: false);
        Assert.Equal(3, batch.TokenLength);
        Assert.Equal([100L, 101, 0, 100, 101, 102], batch.Tokens.Take(6));
        Assert.Equal([1f, 1, 0, 1, 1, 1], batch.Mask.Take(6));
        Assert.Equal([2L, 0], batch.ImageIds.Take(2));
        Assert.Equal([0L, 0], batch.SceneIds.Take(2));
        Assert.Equal(5, builder.Captions([1, 2], epoch: 0, shareImages: false).TokenLength);
    }

    [Fact]
    public void SharedImagesAreStoredOnceAndRowsPointToThem()
    {
        var builder = new TrainingBatchBuilder(Set(), null, seed: 1);
        var shared = builder.Captions([0, 2, 1], epoch: 0, shareImages: true);
        Assert.True(shared.SharesImages);
        Assert.Equal(2, shared.ImageCount);
        Assert.Equal([0L, 1, 0], shared.RowImage.Take(3));
        Assert.Equal(20f, shared.Pixels[3 * Size * Size]); // slot 1 holds image 2, channel 0
        var apart = builder.Captions([0, 2, 1], epoch: 0, shareImages: false);
        Assert.Equal(3, apart.ImageCount);
        Assert.Equal(0f, apart.Pixels[2 * 3 * Size * Size]); // row 2's own copy of image 0
    }

    [Fact]
    public void ReturnedBuffersAreReusedWithTheNewBatchsContents()
    {
        var builder = new TrainingBatchBuilder(Set(), null, seed: 1);
        var first = builder.Captions([1, 0], epoch: 0, shareImages: false);
        builder.Return(first);
        var second = builder.Captions([2], epoch: 1, shareImages: false);
        Assert.Same(first, second);
        Assert.Equal((1, 1, 2), (second.Count, second.ImageCount, second.TokenLength));
        Assert.Equal([100L, 101], second.Tokens.Take(2));
        Assert.Equal(20f, second.Pixels[0]);
        // A buffer too small for the next batch is not handed out.
        builder.Return(second);
        var larger = builder.Captions([0, 1, 2], epoch: 1, shareImages: false);
        Assert.Equal(3, larger.Count);
    }
}
