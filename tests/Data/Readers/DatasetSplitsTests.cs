using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class DatasetSplitsTests
{
    [Theory]
    [InlineData("train", "train")]
    [InlineData(" Train ", "train")]
    [InlineData("restval", "train")]
    [InlineData("VAL", "val")]
    [InlineData("test", "test")]
    [InlineData("validation", null)]
    [InlineData("dev", null)]
    [InlineData("", null)]
    public void NormalisesKnownNamesOnly(string name, string? expected) =>
        Assert.Equal(expected, DatasetSplits.TryNormalize(name));

    [Theory]
    [InlineData("/data/rsitmd_train.json", "train")]
    [InlineData("rsitmd_val.json", "val")]
    [InlineData("rsicd-test2.json", "test")]
    [InlineData("validation.csv", "val")]
    [InlineData("dataset_rsicd.json", null)]
    [InlineData("train_test.json", null)]
    public void ReadsTheSplitFromAFileName(string path, string? expected) =>
        Assert.Equal(expected, DatasetSplits.FromFileName(path));

    [Fact]
    public void RejectsAnUnknownSplitOption()
    {
        var error = Assert.Throws<ArgumentException>(
            () => CaptionDatasetReader.Read(ReaderFixtures.Karpathy, new DatasetReadOptions { Split = "holdout" }));

        Assert.Contains("'holdout'", error.Message);
    }
}
