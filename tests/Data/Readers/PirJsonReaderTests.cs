using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class PirJsonReaderTests
{
    private static readonly string TrainFile = ReaderFixtures.Get("pir", "rsitmd_train.json");

    [Fact]
    public void MergesOneEntryPerCaptionIntoOneImageEach()
    {
        var dataset = CaptionDatasetReader.Read(TrainFile);

        Assert.Equal(DatasetFormat.Pir, dataset.Report.Format);
        Assert.Equal(["airport_1", "farmland_3", "00012"], dataset.Images.Select(image => image.ImageId));
        Assert.Equal(
            ["Planes are parked at the airport.", "The airport has a long runway.", "An airport with a terminal."],
            dataset.Images[0].Captions);
        Assert.Equal(6, dataset.Report.CaptionCount);
    }

    [Fact]
    public void TakesTheSplitFromTheFileName()
    {
        Assert.All(CaptionDatasetReader.Read(TrainFile).Images, image => Assert.Equal("train", image.Split));
        Assert.Equal("val", Assert.Single(CaptionDatasetReader.Read(ReaderFixtures.Get("pir", "rsitmd_val.json")).Images).Split);
        Assert.Equal("test", Assert.Single(CaptionDatasetReader.Read(ReaderFixtures.Get("pir", "rsitmd_test.json")).Images).Split);
    }

    [Fact]
    public void SplitOptionOverridesTheFileName()
    {
        var dataset = CaptionDatasetReader.ReadPirJson(TrainFile, new DatasetReadOptions { Split = "test" });

        Assert.All(dataset.Images, image => Assert.Equal("test", image.Split));
    }

    [Fact]
    public void LabelNameOverridesTheFileNamePrefix()
    {
        var dataset = CaptionDatasetReader.Read(TrainFile);

        // farmland_3.png is labelled "farm"; 00012.png has no label_name and is its own class.
        Assert.Equal(["airport", "farm", "00012"], dataset.Images.Select(image => image.SceneClass));
    }

    [Fact]
    public void ReadsListShapedValAndTestFiles()
    {
        var image = Assert.Single(CaptionDatasetReader.Read(ReaderFixtures.Get("pir", "rsitmd_val.json")).Images);

        Assert.Equal("river_4", image.ImageId);
        Assert.Equal("river", image.SceneClass);
        Assert.Equal(5, image.Captions.Count);
        Assert.Equal("A river winds through the forest.", image.Captions[0]);
        Assert.Equal(ReaderFixtures.Get("pir", "images", "river_4.png"), image.ImagePath);
    }

    [Fact]
    public void AnyRowOfAnImageMayCarryItsLabel()
    {
        using var temp = new TempFolder();
        temp.CopyImage(Path.Combine("images", "airport_1.png"));
        var file = temp.Write("ucm_train.json",
            """[{"image":"airport_1.png","caption":"Planes."},{"image":"airport_1.png","caption":"A runway.","label_name":"airfield"}]""");

        Assert.Equal("airfield", Assert.Single(CaptionDatasetReader.Read(file).Images).SceneClass);
    }

    [Fact]
    public void RowsOfOneImageWithDifferentLabelsAreInconsistent()
    {
        using var temp = new TempFolder();
        temp.CopyImage(Path.Combine("images", "airport_1.png"));
        var file = temp.Write("ucm_train.json",
            """[{"image":"airport_1.png","caption":"Planes.","label_name":"airport"},{"image":"airport_1.png","caption":"A runway.","label_name":"runway"}]""");

        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(file));

        Assert.Equal(DatasetProblemKind.InconsistentImage, error.Kind);
        Assert.Contains("ucm_train.json: [1] 'airport_1.png': label_name 'runway' differs from 'airport'", error.Message);
    }

    [Fact]
    public void ReadManyCombinesTheThreeSplitFiles()
    {
        var dataset = CaptionDatasetReader.ReadMany(
            new[] { "train", "val", "test" }.Select(split => ReaderFixtures.Get("pir", $"rsitmd_{split}.json")));

        Assert.Equal(5, dataset.Report.ImageCount);
        Assert.Equal(new SplitCounts(3, 6), dataset.Report.Splits["train"]);
        Assert.Equal(new SplitCounts(1, 5), dataset.Report.Splits["val"]);
        Assert.Equal(new SplitCounts(1, 5), dataset.Report.Splits["test"]);
        Assert.Equal(3, dataset.Report.Sources.Count);
    }

    [Fact]
    public void ReadManyReportsAnImageInTwoFilesAsADuplicate()
    {
        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.ReadMany(
            [ReaderFixtures.Get("pir", "rsitmd_train.json"), ReaderFixtures.Get("pir", "rsitmd_train.json")]));

        Assert.Equal(DatasetProblemKind.DuplicateImage, error.Kind);
        Assert.Contains("rsitmd_train.json: [0] 'airport_1.png'", error.Message);
        Assert.Contains("already comes from [0] 'airport_1.png'", error.Message);
    }
}
