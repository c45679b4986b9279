using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class CaptionDataViewTests
{
    private readonly MLContext ml = new(seed: 1);

    [Fact]
    public void HasTheColumnsWithTheirTypes()
    {
        var view = CaptionDatasetReader.Read(ReaderFixtures.Karpathy).ToDataView(ml);

        foreach (var name in new[]
                 {
                     CaptionDatasetColumns.ImagePath, CaptionDatasetColumns.Caption, CaptionDatasetColumns.ImageId,
                     CaptionDatasetColumns.SceneClass, CaptionDatasetColumns.Split,
                 })
        {
            Assert.Equal(TextDataViewType.Instance, view.Schema[name].Type);
        }

        Assert.Equal(NumberDataViewType.Int32, view.Schema[CaptionDatasetColumns.CaptionIndex].Type);
    }

    [Fact]
    public void HasOneRowPerCaptionWithMatchingValues()
    {
        var dataset = CaptionDatasetReader.Read(ReaderFixtures.Karpathy);

        var rows = ml.Data.CreateEnumerable<CaptionRow>(dataset.ToDataView(ml), reuseRowObject: false).ToList();

        Assert.Equal(23, rows.Count);
        Assert.Equal(dataset.Report.CaptionCount, rows.Count);
        var third = rows.Single(row => row.ImageId == "00012" && row.CaptionIndex == 2);
        Assert.Equal("Green trees line the road .", third.Caption);
        Assert.Equal("00012", third.SceneClass);
        Assert.Equal("test", third.Split);
        Assert.Equal(dataset.Images[2].ImagePath, third.ImagePath);
        Assert.Equal([0, 1, 2, 3, 4], rows.Where(row => row.ImageId == "airport_1").Select(row => row.CaptionIndex));
    }

    [Fact]
    public void CursorReadsTheSameValues()
    {
        var view = CaptionDatasetReader.Read(ReaderFixtures.Karpathy).ToDataView(ml, split: "val");

        using var cursor = view.GetRowCursor(view.Schema);
        var caption = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[CaptionDatasetColumns.Caption]);
        var split = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[CaptionDatasetColumns.Split]);
        var index = cursor.GetGetter<int>(view.Schema[CaptionDatasetColumns.CaptionIndex]);
        var seen = new List<(string, string, int)>();
        ReadOnlyMemory<char> captionValue = default, splitValue = default;
        var indexValue = 0;
        while (cursor.MoveNext())
        {
            caption(ref captionValue);
            split(ref splitValue);
            index(ref indexValue);
            seen.Add((captionValue.ToString(), splitValue.ToString(), indexValue));
        }

        Assert.Equal(5, seen.Count);
        Assert.Equal(("A runway crosses the green field .", "val", 0), seen[0]);
        Assert.All(seen, row => Assert.Equal("val", row.Item2));
    }

    [Fact]
    public void CatalogExtensionLoadsAndFiltersASplit()
    {
        var all = ml.Data.LoadCaptionDataset(ReaderFixtures.Karpathy);
        var train = ml.Data.LoadCaptionDataset(ReaderFixtures.Karpathy, split: "restval");
        var explicitFolder = ml.Data.LoadCaptionDataset(
            ReaderFixtures.Get("karpathy_explicit", "dataset_RSITMD.json"),
            new DatasetReadOptions { ImageFolder = ReaderFixtures.Get("karpathy_explicit", "RSICD_images") },
            split: "test");

        Assert.Equal(23, ml.Data.CreateEnumerable<CaptionRow>(all, false).Count());
        var trainRows = ml.Data.CreateEnumerable<CaptionRow>(train, false).ToList();
        Assert.Equal(10, trainRows.Count);
        Assert.Equal(["airport_1", "beach3"], trainRows.Select(row => row.ImageId).Distinct());
        Assert.All(ml.Data.CreateEnumerable<CaptionRow>(explicitFolder, false), row => Assert.Equal("plane_2", row.ImageId));
    }

    [Fact]
    public void ImagePathColumnFeedsMlNetImageLoading()
    {
        var view = CaptionDatasetReader.Read(ReaderFixtures.Get("pir", "rsitmd_val.json")).ToDataView(ml);

        var loaded = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: CaptionDatasetColumns.ImagePath)
            .Fit(view).Transform(view);

        using var cursor = loaded.GetRowCursor(loaded.Schema);
        var image = cursor.GetGetter<MLImage>(loaded.Schema["Image"]);
        MLImage value = null!;
        var rows = 0;
        while (cursor.MoveNext())
        {
            image(ref value);
            Assert.Equal((4, 4), (value.Width, value.Height));
            rows++;
        }

        Assert.Equal(5, rows);
    }

    [Fact]
    public void WithSplitKeepsOneSplitAndRecountsTheReport()
    {
        var test = CaptionDatasetReader.Read(ReaderFixtures.Karpathy).WithSplit("test");

        Assert.Equal(["00012", "00013"], test.Images.Select(image => image.ImageId));
        Assert.Equal(8, test.Report.CaptionCount);
        Assert.Equal(["test"], test.Report.Splits.Keys);
        Assert.Throws<ArgumentException>(() => test.WithSplit("holdout"));
    }
}
