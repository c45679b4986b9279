using System.Text.Json;
using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class DatasetLoadReportTests
{
    [Fact]
    public void CountsSplitsAndClasses()
    {
        var report = CaptionDatasetReader.Read(ReaderFixtures.Karpathy).Report;

        Assert.Equal(5, report.ImageCount);
        Assert.Equal(23, report.CaptionCount);
        Assert.Equal(["train", "val", "test"], report.Splits.Keys);
        Assert.Equal(new SplitCounts(2, 10), report.Splits["train"]);
        Assert.Equal(new SplitCounts(2, 8), report.Splits["test"]);
        Assert.Equal(["00012", "00013", "airport", "beach"], report.Classes.Keys);
        Assert.Equal(2, report.Classes["airport"]);
        Assert.Equal([ReaderFixtures.Karpathy], report.Sources);
    }

    [Fact]
    public void JsonHasTheCliShape()
    {
        var report = CaptionDatasetReader.Read(
            ReaderFixtures.Bad("missing_image.json"), new DatasetReadOptions { MissingImages = MissingImagePolicy.Skip }).Report;

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("images").GetInt32());
        Assert.Equal(1, root.GetProperty("captions").GetInt32());
        var train = root.GetProperty("splits").GetProperty("train");
        Assert.Equal(1, train.GetProperty("images").GetInt32());
        Assert.Equal(1, train.GetProperty("captions").GetInt32());
        Assert.Equal(1, root.GetProperty("classes").GetProperty("airport").GetInt32());
        Assert.Equal(1, root.GetProperty("captionsPerImage").GetProperty("1").GetInt32());
        var problems = root.GetProperty("problems").EnumerateArray().ToList();
        var missing = problems.Single(p => p.GetProperty("kind").GetString() == "MissingImage");
        Assert.Equal("Skipped", missing.GetProperty("outcome").GetString());
        Assert.Equal("images[1]", missing.GetProperty("entry").GetString());
        Assert.Equal("ghost_9.png", missing.GetProperty("image").GetString());
        Assert.Equal(ReaderFixtures.Bad("missing_image.json"), missing.GetProperty("file").GetString());
        Assert.Contains("image file not found", missing.GetProperty("message").GetString());
        Assert.False(missing.TryGetProperty("line", out _));
        // The one-caption images are also below the expected five.
        Assert.Contains(problems, p => p.GetProperty("kind").GetString() == "ShortCaptionList");
    }

    [Fact]
    public void CompactJsonIsOneLine()
    {
        var json = CaptionDatasetReader.Read(ReaderFixtures.Karpathy).Report.ToJson(indented: false);

        Assert.DoesNotContain('\n', json);
        Assert.StartsWith("""{"images":5,"captions":23,"splits":{"train":{"images":2,"captions":10}""", json);
    }
}
