using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class KarpathyJsonReaderTests
{
    [Fact]
    public void ReadsEveryImageWithRawCaptionsInFileOrder()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy);

        Assert.Equal(["airport_1", "airport_2", "00012", "beach3", "00013"], dataset.Images.Select(image => image.ImageId));
        var airport = dataset.Images[0];
        Assert.Equal("airport_1.png", airport.FileName);
        Assert.Equal(5, airport.Captions.Count);
        Assert.Equal("Many planes are parked next to a long building .", airport.Captions[0]);
        // Surrounding whitespace of "raw" is trimmed.
        Assert.Equal("Several planes stand near the terminal .", airport.Captions[1]);
        Assert.Equal(DatasetFormat.Karpathy, dataset.Report.Format);
    }

    [Fact]
    public void FindsImagesInTheDatasetFolderAndInItsImagesSubfolder()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy);

        var folder = Path.GetDirectoryName(ReaderFixtures.Karpathy)!;
        Assert.Equal(Path.Combine(folder, "images", "airport_1.png"), dataset.Images[0].ImagePath);
        Assert.Equal(Path.Combine(folder, "beach3.png"), dataset.Images.Single(image => image.ImageId == "beach3").ImagePath);
        Assert.All(dataset.Images, image => Assert.True(Path.IsPathRooted(image.ImagePath)));
    }

    [Fact]
    public void ReadsImagesFromAnExplicitImageFolder()
    {
        var file = ReaderFixtures.Get("karpathy_explicit", "dataset_RSITMD.json");
        var folder = ReaderFixtures.Get("karpathy_explicit", "RSICD_images");

        var dataset = CaptionDatasetReader.ReadKarpathyJson(file, new DatasetReadOptions { ImageFolder = folder });

        Assert.Equal([Path.Combine(folder, "boat_1.png"), Path.Combine(folder, "plane_2.png")], dataset.Images.Select(image => image.ImagePath));
        Assert.Equal(["boat", "plane"], dataset.Images.Select(image => image.SceneClass));
    }

    [Fact]
    public void WithoutTheImageFolderTheMissingImageMessageSaysWhereItSearched()
    {
        var file = ReaderFixtures.Get("karpathy_explicit", "dataset_RSITMD.json");

        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(file));

        Assert.Equal(DatasetProblemKind.MissingImage, error.Kind);
        Assert.Contains("dataset_RSITMD.json", error.Message);
        Assert.Contains("images[0] 'boat_1.png'", error.Message);
        Assert.Contains(Path.Combine(Path.GetDirectoryName(file)!, "images"), error.Message);
        Assert.Contains("DatasetReadOptions.ImageFolder", error.Message);
    }

    [Fact]
    public void NormalisesSplitNamesAndReadsRestvalAsTrain()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy);

        Assert.Equal(["train", "val", "test", "train", "test"], dataset.Images.Select(image => image.Split));
    }

    [Fact]
    public void TakesSceneClassesFromFileNames()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy);

        // Numeric names are singleton classes; "beach3" loses its trailing digits.
        Assert.Equal(["airport", "airport", "00012", "beach", "00013"], dataset.Images.Select(image => image.SceneClass));
    }

    [Fact]
    public void SceneClassFromFileNameCanBeTurnedOff()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy, new DatasetReadOptions { SceneClassFromFileName = false });

        Assert.All(dataset.Images, image => Assert.Equal("", image.SceneClass));
    }

    [Fact]
    public void JoinsFilepathBeforeFilenameWhenPresent()
    {
        using var temp = new TempFolder();
        temp.CopyImage(Path.Combine("val2014", "harbor_5.png"));
        var file = temp.Write("dataset_coco.json",
            """{"images":[{"filepath":"val2014","filename":"harbor_5.png","split":"test","sentences":[{"raw":"Boats in a harbor."}]}]}""");

        var image = Assert.Single(CaptionDatasetReader.Read(file).Images);

        Assert.Equal("val2014/harbor_5", image.ImageId);
        Assert.Equal(Path.Combine(temp.Path, "val2014", "harbor_5.png"), image.ImagePath);
        Assert.Equal("harbor", image.SceneClass);
    }

    [Fact]
    public void AcceptsAByteOrderMark()
    {
        using var temp = new TempFolder();
        temp.CopyImage("airport_1.png");
        var file = Path.Combine(temp.Path, "dataset_bom.json");
        File.WriteAllText(file, """{"images":[{"filename":"airport_1.png","split":"train","sentences":[{"raw":"Planes."}]}]}""",
            new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("Planes.", Assert.Single(CaptionDatasetReader.Read(file).Images).Captions[0]);
    }

    [Fact]
    public void SplitOptionFillsInEntriesWithoutSplit()
    {
        using var temp = new TempFolder();
        temp.CopyImage("airport_1.png");
        var file = temp.Write("nosplit.json", """{"images":[{"filename":"airport_1.png","sentences":[{"raw":"Planes."}]}]}""");

        var image = Assert.Single(CaptionDatasetReader.Read(file, new DatasetReadOptions { Split = "val" }).Images);

        Assert.Equal("val", image.Split);
    }
}
