using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

public class SyntheticDatasetOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(257)]
    [InlineData(1024)]
    public void ImageSideOutsideSupportedRangeIsRejectedNamingTheValue(int side)
    {
        var options = new SyntheticDatasetOptions();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.ImageSize = side);
        Assert.Equal(nameof(SyntheticDatasetOptions.ImageSize), error.ParamName);
        Assert.Equal(side, error.ActualValue);
        Assert.Contains(side.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Equal(64, options.ImageSize);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(256)]
    public void ImageSideInsideRangeIsAccepted(int side) => Assert.Equal(side, new SyntheticDatasetOptions { ImageSize = side }.ImageSize);

    [Fact]
    public void DefaultsAreDocumentedValues()
    {
        var options = new SyntheticDatasetOptions();
        Assert.Equal((42, 64, 3000, 450, 450), (options.Seed, options.ImageSize, options.TrainImages, options.ValImages, options.TestImages));
        Assert.Equal(3900, options.TotalImages);
        Assert.Equal((0.5, 1.0, 0.2), (options.ClutterProbability, options.NoiseLevel, options.GenericCaptionFraction));
        Assert.Equal(SyntheticDifficulty.Standard, options.Difficulty);
    }

    [Fact]
    public void UndefinedDifficultyIsRejectedNamingTheValue()
    {
        var options = new SyntheticDatasetOptions { Difficulty = SyntheticDifficulty.Hard };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Difficulty = (SyntheticDifficulty)7);
        Assert.Equal(nameof(SyntheticDatasetOptions.Difficulty), error.ParamName);
        Assert.Contains("got 7", error.Message);
        Assert.Equal(SyntheticDifficulty.Hard, options.Difficulty);
    }

    [Fact]
    public void OtherOutOfRangeSettingsAreRejected()
    {
        var options = new SyntheticDatasetOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.TrainImages = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ClutterProbability = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.GenericCaptionFraction = -0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.NoiseLevel = 3);
    }
}
