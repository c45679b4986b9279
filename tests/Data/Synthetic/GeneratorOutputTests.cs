using System.Buffers.Binary;
using System.Text.Json;
using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>Files on disk: Karpathy JSON that parses and points at existing PNGs, balanced splits, no temporary leftovers.</summary>
public sealed class GeneratorOutputTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SyntheticDatasetOptions _options = SmallDatasets.Options(train: 30, val: 13, test: 14);
    private readonly SyntheticDataset _dataset;

    public GeneratorOutputTests() => _dataset = SyntheticDatasetGenerator.Generate(_directory.Path, _options);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void JsonParsesAndEveryFileExistsWithItsClassPrefix()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(_dataset.JsonPath));
        Assert.Equal("synthetic-rs", json.RootElement.GetProperty("dataset").GetString());
        var images = json.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(_options.TotalImages, images.Count);
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            string fileName = image.GetProperty("filename").GetString()!;
            Assert.True(File.Exists(Path.Combine(_dataset.ImagesDirectory, fileName)), fileName);
            Assert.Equal(i, image.GetProperty("imgid").GetInt32());
            Assert.Equal(_dataset.Images[i].Scene.SceneClass, fileName[..fileName.IndexOf('_')]);
            Assert.Contains(image.GetProperty("split").GetString(), DatasetSplit.All);
            var sentIds = image.GetProperty("sentids").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(Enumerable.Range(5 * i, 5), sentIds);
            var sentences = image.GetProperty("sentences").EnumerateArray().ToList();
            Assert.Equal(5, sentences.Count);
            for (int k = 0; k < 5; k++)
            {
                Assert.Equal(sentIds[k], sentences[k].GetProperty("sentid").GetInt32());
                Assert.Equal(i, sentences[k].GetProperty("imgid").GetInt32());
                string raw = sentences[k].GetProperty("raw").GetString()!;
                var tokens = sentences[k].GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
                Assert.Equal(raw.TrimEnd(' ', '.').Replace(" ,", "").Split(' '), tokens);
            }
        }
        Assert.Equal(SyntheticDatasetGenerator.JsonFileName, Path.GetFileName(_dataset.JsonPath));
        Assert.Equal(Path.Combine(Path.GetDirectoryName(_dataset.JsonPath)!, "images"), _dataset.ImagesDirectory);
    }

    [Fact]
    public void ClassesAreBalancedWithinEachSplit()
    {
        var expected = new Dictionary<string, int> { ["train"] = 30, ["val"] = 13, ["test"] = 14 };
        foreach (var (split, total) in expected)
        {
            var counts = _dataset.CountsPerSplit[split];
            Assert.Equal(SceneClasses.All.Count, counts.Count);
            Assert.Equal(total, counts.Values.Sum());
            Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, $"{split}: {string.Join(", ", counts)}");
            Assert.All(counts.Values, n => Assert.InRange(n, total / 12, total / 12 + 1));
        }
    }

    [Fact]
    public void ImagesArePngOfTheConfiguredSideAndNoTemporaryFilesRemain()
    {
        foreach (var file in Directory.EnumerateFiles(_dataset.ImagesDirectory))
        {
            var (width, height) = PngSize(file);
            Assert.Equal(64, width);
            Assert.Equal(64, height);
        }
        Assert.Empty(Directory.EnumerateFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(_options.TotalImages, Directory.EnumerateFiles(_dataset.ImagesDirectory, "*.png").Count());
    }

    [Fact]
    public void LargerImageSideIsHonouredAndProgressIsReported()
    {
        using var directory = new TempDirectory();
        var options = SmallDatasets.Options(train: 12, val: 0, test: 0, imageSize: 160);
        var reports = new List<int>();
        var dataset = SyntheticDatasetGenerator.Generate(directory.Path, options, new SynchronousProgress(reports));
        Assert.All(dataset.Images, i => Assert.Equal((160, 160), PngSize(Path.Combine(dataset.ImagesDirectory, i.FileName))));
        Assert.Equal(Enumerable.Range(1, 12), reports.Order());
    }

    /// <summary>Width and height from the IHDR chunk, which always follows the 8-byte PNG signature.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 24);
        Assert.True(header[..8].SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), $"{path} is not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(header[16..]), BinaryPrimitives.ReadInt32BigEndian(header[20..]));
    }

    /// <summary>Records reports immediately (Progress&lt;T&gt; would post them to a thread pool later).</summary>
    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (reports)
                reports.Add(value);
        }
    }
}
