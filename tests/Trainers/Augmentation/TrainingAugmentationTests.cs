using PriorClip.MLNet.Trainers.Augmentation;

namespace PriorClip.MLNet.Tests.Trainers.Augmentation;

public class TrainingAugmentationTests
{
    static PlanarImage Pattern()
    {
        var data = new float[3 * 32 * 32];
        for (int i = 0; i < data.Length; i++) data[i] = (i * 37 + i / 32 * 11) % 256;
        return new PlanarImage(data, 3, 32, 32);
    }

    [Fact]
    public void SameSampleSameOutputAndOtherSamplesDiffer()
    {
        var augmentation = new TrainingAugmentation(new TrainingAugmentationOptions { OutputSize = 24 });
        var image = Pattern();
        var a = augmentation.Apply(image, TrainingAugmentation.SampleRandom(42, 1, 5));
        var b = augmentation.Apply(image, TrainingAugmentation.SampleRandom(42, 1, 5));
        var c = augmentation.Apply(image, TrainingAugmentation.SampleRandom(42, 1, 6));
        var d = augmentation.Apply(image, TrainingAugmentation.SampleRandom(42, 2, 5));
        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, c.Data);
        Assert.NotEqual(a.Data, d.Data);
        Assert.Equal((3, 24, 24), (a.Channels, a.Height, a.Width));
        Assert.All(a.Data, v => Assert.InRange(v, 0f, 255f));
        Assert.Equal(Pattern().Data, image.Data); // input untouched
    }

    [Fact]
    public void FullCropWithoutFlipOrRandAugmentIsAResize()
    {
        var options = new TrainingAugmentationOptions
        {
            OutputSize = 32, CropScaleMin = 1, CropScaleMax = 1, CropRatioMin = 1, CropRatioMax = 1,
            HorizontalFlip = false, RandAugmentOperations = 0,
        };
        var image = Pattern();
        Assert.Equal(image.Data, new TrainingAugmentation(options).Apply(image, new Random(1)).Data);
    }

    [Fact]
    public void InvalidOptionsNameTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new TrainingAugmentation(new TrainingAugmentationOptions { RandAugmentLevel = 11 }));
        Assert.Equal("RandAugmentLevel", error.ParamName);
    }
}
