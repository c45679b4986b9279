using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

/// <summary>Problems a user may want to read past are counted and reported when their policy says Skip.</summary>
public class SkipPolicyTests
{
    private static CaptionDataset Read(string fixture, DatasetReadOptions options) =>
        CaptionDatasetReader.Read(ReaderFixtures.Bad(fixture), options);

    [Fact]
    public void MissingImagesCanBeSkippedAndCounted()
    {
        var dataset = Read("missing_image.json", new DatasetReadOptions { MissingImages = MissingImagePolicy.Skip });

        Assert.Equal(["airport_1"], dataset.Images.Select(image => image.ImageId));
        var problem = Assert.Single(dataset.Report.Problems, p => p.Kind == DatasetProblemKind.MissingImage);
        Assert.Equal(DatasetProblemOutcome.Skipped, problem.Outcome);
        Assert.Equal(1, dataset.Report.SkippedCount);
        Assert.Contains("missing_image.json: images[1] 'ghost_9.png'", problem.Message);
    }

    [Fact]
    public void MissingImagesCanBeKeptWithTheExpectedPath()
    {
        var dataset = Read("missing_image.json", new DatasetReadOptions { MissingImages = MissingImagePolicy.Keep });

        var ghost = dataset.Images.Single(image => image.ImageId == "ghost_9");
        Assert.Equal(Path.Combine(Path.GetDirectoryName(ReaderFixtures.Bad("missing_image.json"))!, "ghost_9.png"), ghost.ImagePath);
        Assert.Equal(DatasetProblemOutcome.Kept, Assert.Single(dataset.Report.Problems, p => p.Kind == DatasetProblemKind.MissingImage).Outcome);
    }

    [Fact]
    public void EmptyCaptionsCanBeSkipped()
    {
        var dataset = Read("empty_caption.json", new DatasetReadOptions { EmptyCaptions = EntryProblemPolicy.Skip });

        Assert.Equal(["Planes at an airport.", "A runway.", "A terminal."], Assert.Single(dataset.Images).Captions);
        var problem = dataset.Report.Problems.Single(p => p.Kind == DatasetProblemKind.EmptyCaption);
        Assert.Equal("images[0].sentences[2]", problem.Entry);
    }

    [Fact]
    public void DuplicateImagesCanBeSkippedKeepingTheFirst()
    {
        var dataset = Read("duplicate.json", new DatasetReadOptions { DuplicateImages = EntryProblemPolicy.Skip });

        Assert.Equal(["airport_1", "airport_2"], dataset.Images.Select(image => image.ImageId));
        Assert.Equal("train", dataset.Images[0].Split);
        Assert.Equal(DatasetProblemKind.DuplicateImage, dataset.Report.Problems.Single(p => p.Outcome == DatasetProblemOutcome.Skipped).Kind);
    }

    [Fact]
    public void MalformedEntriesCanBeSkipped()
    {
        var options = new DatasetReadOptions { MalformedEntries = EntryProblemPolicy.Skip, CsvSplitColumn = "split" };

        var csv = Read("wrong_fields.csv", options);
        var json = Read("unknown_split.json", options);
        var missing = Read("missing_field.json", options);

        Assert.Equal(["airport_1", "beach_3"], csv.Images.Select(image => image.ImageId));
        Assert.Equal(DatasetProblemKind.WrongFieldCount, csv.Report.Problems.Single(p => p.Outcome == DatasetProblemOutcome.Skipped).Kind);
        Assert.Equal(["airport_1"], json.Images.Select(image => image.ImageId));
        Assert.Equal(DatasetProblemKind.UnknownSplit, json.Report.Problems.Single(p => p.Outcome == DatasetProblemOutcome.Skipped).Kind);
        Assert.Equal(["airport_1"], missing.Images.Select(image => image.ImageId));
        Assert.Equal(DatasetProblemKind.MissingField, missing.Report.Problems.Single(p => p.Outcome == DatasetProblemOutcome.Skipped).Kind);
    }
}
