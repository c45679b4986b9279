using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class CsvReaderTests
{
    private static readonly string CaptionsCsv = ReaderFixtures.Get("csv", "captions.csv");

    private static DatasetReadOptions WithSceneAndSplitColumns() =>
        new() { CsvSceneColumn = "scene", CsvSplitColumn = "split" };

    [Fact]
    public void ReadsOneRowPerCaptionAndMergesRowsOfTheSameImage()
    {
        var dataset = CaptionDatasetReader.Read(CaptionsCsv, WithSceneAndSplitColumns());

        Assert.Equal(DatasetFormat.Csv, dataset.Report.Format);
        Assert.Equal(["airport_1", "bridge_2", "00012", "desert_7"], dataset.Images.Select(image => image.ImageId));
        Assert.Equal(
            ["Planes are parked at the airport.", "A runway, a terminal and \"two\" planes."],
            dataset.Images[0].Captions);
    }

    [Fact]
    public void QuotedFieldsMayHoldLineBreaks()
    {
        var bridge = CaptionDatasetReader.Read(CaptionsCsv, WithSceneAndSplitColumns()).Images[1];

        Assert.Equal("A bridge\r\nover a river.", Assert.Single(bridge.Captions));
    }

    [Fact]
    public void SceneAndSplitColumnsWinWhereTheyHaveValues()
    {
        var dataset = CaptionDatasetReader.Read(CaptionsCsv, WithSceneAndSplitColumns());

        Assert.Equal(["airport", "crossing", "00012", "desert"], dataset.Images.Select(image => image.SceneClass));
        Assert.Equal(["train", "test", "val", "train"], dataset.Images.Select(image => image.Split));
    }

    [Fact]
    public void ReadsTsvWithConfiguredColumnsAndTheSplitFromTheFileName()
    {
        var dataset = CaptionDatasetReader.Read(
            ReaderFixtures.Get("csv", "rsicd_train.tsv"),
            new DatasetReadOptions { CsvImageColumn = "image", CsvCaptionColumn = "text" });

        Assert.Equal(["airport_1", "desert_7"], dataset.Images.Select(image => image.ImageId));
        Assert.Equal("Dunes, sand\tand wind.", dataset.Images[1].Captions[0]);
        Assert.All(dataset.Images, image => Assert.Equal("train", image.Split));
    }

    [Fact]
    public void UsesTheConfiguredSeparator()
    {
        using var temp = new TempFolder();
        temp.CopyImage("airport_1.png");
        var file = temp.Write("pairs.txt", "filepath;title\nairport_1.png;Planes, parked.\n");

        var dataset = CaptionDatasetReader.ReadCsv(file, new DatasetReadOptions { CsvSeparator = ';', Split = "test" });

        Assert.Equal("Planes, parked.", Assert.Single(Assert.Single(dataset.Images).Captions));
    }

    [Fact]
    public void KeepsAbsoluteImagePaths()
    {
        using var temp = new TempFolder();
        var image = temp.CopyImage(Path.Combine("elsewhere", "port_3.png"));
        var file = temp.Write(Path.Combine("lists", "val.csv"), $"filepath,title\n{image},Ships in a port.\n");

        var read = Assert.Single(CaptionDatasetReader.Read(file).Images);

        Assert.Equal(image, read.ImagePath);
        Assert.Equal("val", read.Split);
        Assert.Equal("port", read.SceneClass);
    }
}
