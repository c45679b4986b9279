using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class FormatDetectionTests
{
    [Fact]
    public void DetectsEachFixtureFormat()
    {
        Assert.Equal(DatasetFormat.Karpathy, CaptionDatasetReader.DetectFormat(ReaderFixtures.Karpathy));
        Assert.Equal(DatasetFormat.Pir, CaptionDatasetReader.DetectFormat(ReaderFixtures.Get("pir", "rsitmd_train.json")));
        Assert.Equal(DatasetFormat.Csv, CaptionDatasetReader.DetectFormat(ReaderFixtures.Get("csv", "captions.csv")));
        Assert.Equal(DatasetFormat.Csv, CaptionDatasetReader.DetectFormat(ReaderFixtures.Get("csv", "rsicd_train.tsv")));
    }

    [Fact]
    public void DetectsJsonByContentWhateverTheExtension()
    {
        using var temp = new TempFolder();
        var karpathy = temp.Write("annotations.txt", "  \n {\"images\": []}");
        var pir = temp.Write("annotations_test.dat", "[]");
        var csv = temp.Write("pairs.txt", "filepath,title\n");

        Assert.Equal(DatasetFormat.Karpathy, CaptionDatasetReader.DetectFormat(karpathy));
        Assert.Equal(DatasetFormat.Pir, CaptionDatasetReader.DetectFormat(pir));
        Assert.Equal(DatasetFormat.Csv, CaptionDatasetReader.DetectFormat(csv));
    }

    [Fact]
    public void MissingDatasetFileIsFileNotFound()
    {
        var error = Assert.Throws<FileNotFoundException>(() => CaptionDatasetReader.Read(ReaderFixtures.Get("nope.json")));

        Assert.Contains("nope.json", error.Message);
    }

    [Fact]
    public void MissingExplicitImageFolderIsDirectoryNotFound()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => CaptionDatasetReader.Read(
            ReaderFixtures.Karpathy, new DatasetReadOptions { ImageFolder = ReaderFixtures.Get("RSICD_images") }));

        Assert.Contains("RSICD_images", error.Message);
    }
}
