using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

/// <summary>Images with fewer than 5 captions (00012.png has 3 in the Karpathy fixture).</summary>
public class ShortCaptionListTests
{
    private static CaptionDataset Read(ShortCaptionListPolicy policy) =>
        CaptionDatasetReader.Read(ReaderFixtures.Karpathy, new DatasetReadOptions { ShortCaptionLists = policy });

    [Fact]
    public void KeepsThemByDefaultAndReportsCountAndExamples()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy);

        Assert.Equal(3, dataset.Images.Single(image => image.ImageId == "00012").Captions.Count);
        var summary = dataset.Report.ShortCaptionLists;
        Assert.Equal(new ShortCaptionListSummary(5, 1, summary.Examples, ShortCaptionListPolicy.Keep), summary);
        Assert.Equal(["00012.png"], summary.Examples);
        var problem = Assert.Single(dataset.Report.Problems);
        Assert.Equal(DatasetProblemKind.ShortCaptionList, problem.Kind);
        Assert.Equal(DatasetProblemOutcome.Kept, problem.Outcome);
        Assert.Contains("1 image(s) have fewer than 5 captions (e.g. '00012.png' (3)); kept as they are", problem.Message);
        Assert.Equal(1, dataset.Report.CaptionsPerImage[3]);
        Assert.Equal(4, dataset.Report.CaptionsPerImage[5]);
    }

    [Fact]
    public void DropRemovesThem()
    {
        var dataset = Read(ShortCaptionListPolicy.Drop);

        Assert.DoesNotContain(dataset.Images, image => image.ImageId == "00012");
        Assert.Equal(1, dataset.Report.ShortCaptionLists.ImageCount);
        Assert.Equal(DatasetProblemOutcome.Dropped, Assert.Single(dataset.Report.Problems).Outcome);
        Assert.Equal(4, dataset.Report.ImageCount);
    }

    [Fact]
    public void PadByRepeatingCyclesTheCaptions()
    {
        var dataset = Read(ShortCaptionListPolicy.PadByRepeating);

        var padded = dataset.Images.Single(image => image.ImageId == "00012");
        Assert.Equal(
            [padded.Captions[0], padded.Captions[1], padded.Captions[2], padded.Captions[0], padded.Captions[1]],
            padded.Captions);
        Assert.Equal("Many buildings and green trees are around a playground .", padded.Captions[3]);
        Assert.Equal(DatasetProblemOutcome.Padded, Assert.Single(dataset.Report.Problems).Outcome);
        Assert.Equal(25, dataset.Report.CaptionCount);
    }

    [Fact]
    public void ExpectedCountIsAnOption()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy, new DatasetReadOptions { ExpectedCaptionsPerImage = 3 });

        Assert.Equal(0, dataset.Report.ShortCaptionLists.ImageCount);
        Assert.Empty(dataset.Report.Problems);
    }
}
