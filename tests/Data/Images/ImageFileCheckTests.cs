using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data.Images;
using PriorClip.MLNet.Pipelines.Recipes;

namespace PriorClip.MLNet.Tests.Data.Images;

/// <summary>Files ML.NET cannot use whole — and two it would use wrongly without a word — each get a reason naming the file.</summary>
public sealed class ImageFileCheckTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-badimages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static byte[] GoodPng() => RawPng.Solid(64, 64, RawPng.Rgb, 8, [10, 200, 30]);

    [Fact]
    public void EachKindOfBadFileIsNamedWithItsReason()
    {
        var cases = new (string Name, byte[] Bytes, string Reason)[]
        {
            ("empty.png", [], "the file is empty (0 bytes)"),
            ("text.png", "not an image at all"u8.ToArray(), "not an image ML.NET's image loader (SkiaSharp) can read (unknown format; the file starts with 6E6F7420616E2069)"),
            ("scene.tif", [.. "II*\0"u8, 8, 0, 0, 0, 0, 0], "TIFF is not a format ML.NET's image loader (SkiaSharp) reads"),
            ("cut.png", GoodPng()[..80], "truncated: the PNG data ends before the image does (80 bytes)"),
            ("cut.jpg", Jpeg()[..300], "truncated: the JPEG data ends before the image does (300 bytes)"),
        };
        foreach (var (name, bytes, reason) in cases)
        {
            string path = Write(name, bytes);
            var problem = ImageFileCheck.Check(path);
            Assert.NotNull(problem);
            Assert.Equal(path, problem.Path);
            Assert.StartsWith(reason, problem.Reason);
            Assert.StartsWith(path + ": ", problem.ToString());
        }
        Assert.Equal("no such file", ImageFileCheck.Check(Path.Combine(_dir, "missing.png"))!.Reason);
        Assert.Null(ImageFileCheck.Check(Write("good.png", GoodPng())));
        Assert.Null(ImageFileCheck.Check(Write("good.jpg", Jpeg())));
    }

    [Fact]
    public void AnImageLargerThanTheLimitIsRefusedBeforeItIsDecoded()
    {
        string path = Write("big.png", RawPng.Solid(300, 200, RawPng.Grey, 8, [7]));
        Assert.Equal("300 × 200 pixels is more than the 50,000 allowed for one image; cut large scenes into tiles", ImageFileCheck.Check(path, maxPixels: 50_000)!.Reason);
        Assert.Null(ImageFileCheck.Check(path));
    }

    [Fact]
    public void ScreeningKeepsTheGoodFilesInOrderAndListsTheBadOnes()
    {
        var paths = new List<string>();
        for (int i = 0; i < 40; i++)
            paths.Add(i % 7 == 3 ? Write($"bad{i}.png", GoodPng()[..100]) : Write($"good{i}.png", GoodPng()));
        var seen = new List<int>();
        var (usable, problems) = ImageFileCheck.Screen(paths, progress: new Collect(seen));
        Assert.Equal(paths.Where(p => Path.GetFileName(p).StartsWith("good", StringComparison.Ordinal)), usable);
        Assert.Equal(["bad3.png", "bad10.png", "bad17.png", "bad24.png", "bad31.png", "bad38.png"], problems.Select(p => Path.GetFileName(p.Path)));
        Assert.Contains(40, seen);
    }

    /// <summary>Why the check exists: ML.NET decodes a truncated PNG without an error and fills what is missing with black.</summary>
    [Fact]
    public void MlNetAloneLoadsATruncatedPngWithoutComplaint()
    {
        var full = RawPng.Solid(64, 64, RawPng.Rgb, 8, [10, 200, 30]);
        string path = Write("cut-silently.png", full[..(full.Length / 2)]);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = path } });
        var pixels = RetrievalPipeline.ImagePreprocessing(ml, 64).Fit(data).Transform(data).GetColumn<float[]>("Pixels").Single();
        Assert.Equal(3 * 64 * 64, pixels.Length);
        Assert.Equal(10f, pixels[0]);          // the first row decoded
        Assert.Equal(0f, pixels[64 * 64 - 1]); // the last row is black: it was never in the file
        Assert.NotNull(ImageFileCheck.Check(path));
    }

    sealed class PathRow { public string ImagePath { get; set; } = ""; }

    sealed class Collect(List<int> seen) : IProgress<int>
    {
        public void Report(int value) { lock (seen) seen.Add(value); }
    }

    static byte[] Jpeg()
    {
        using var bitmap = new SkiaSharp.SKBitmap(64, 64);
        bitmap.Erase(new SkiaSharp.SKColor(10, 200, 30));
        using var data = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
