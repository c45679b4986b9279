using System.Text.Json;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Data.Images;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>encode</c> skips unusable image files with a count and their list, or stops on them with <c>--strict-images</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EncodeImageScreeningTests : IDisposable
{
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-screen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Folder()
    {
        string folder = Path.Combine(_dir, "images");
        Directory.CreateDirectory(folder);
        var good = RawPng.Solid(64, 64, RawPng.Rgb, 8, [30, 120, 60]);
        foreach (var name in new[] { "a.png", "c.png", "e.png" }) File.WriteAllBytes(Path.Combine(folder, name), good);
        File.WriteAllBytes(Path.Combine(folder, "b.png"), []);                  // empty
        File.WriteAllBytes(Path.Combine(folder, "d.png"), good[..(good.Length / 2)]); // truncated
        File.WriteAllText(Path.Combine(folder, "f.jpg"), "not a picture");      // not an image
        return folder;
    }

    [Fact]
    public void AFolderWithBadFilesIsEncodedWithoutThemAndSaysWhichWereSkipped()
    {
        string folder = Folder(), output = Path.Combine(_dir, "out");
        var run = CliHarness.Run("encode", "-m", DemoModel, "--image-folder", folder, "-o", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Skipped 3 of 6 image files that cannot be used", run.Out);
        Assert.Contains($"{Path.Combine(folder, "b.png")}: the file is empty (0 bytes)", run.Out);
        Assert.Contains($"{Path.Combine(folder, "d.png")}: truncated", run.Out);
        Assert.Equal(["a.png", "c.png", "e.png"], File.ReadAllLines(Path.Combine(output, "image_ids.txt")));
        Assert.Equal(3, NpyFile.ReadEmbeddingMatrix(Path.Combine(output, "images.npy")).Rows);
        var skipped = File.ReadAllLines(Path.Combine(output, "skipped_images.txt"));
        Assert.Equal(["b.png", "d.png", "f.jpg"], skipped.Select(l => Path.GetFileName(l[..l.IndexOf(": ", StringComparison.Ordinal)])));
    }

    [Fact]
    public void StrictImagesStopsAndNamesTheFilesWritingNothing()
    {
        string folder = Folder(), output = Path.Combine(_dir, "strict");
        var run = CliHarness.Run("encode", "-m", DemoModel, "--image-folder", folder, "--strict-images", "-o", output);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("3 of 6 image files cannot be used (--strict-images)", run.Error);
        Assert.Contains("f.jpg: not an image ML.NET's image loader (SkiaSharp) can read", run.Error);
        Assert.False(File.Exists(Path.Combine(output, "images.npy")));
    }

    [Fact]
    public void ADatasetSplitDropsTheCaptionsOfSkippedImagesAndKeepsTheMappingRight()
    {
        string folder = Folder();
        string dataset = Path.Combine(folder, "dataset.json");
        var images = new[] { "a.png", "b.png", "c.png", "d.png" }.Select((f, i) => new
        {
            filename = f, split = "test", sentences = new[] { new { raw = $"caption {i} one" }, new { raw = $"caption {i} two" } },
        });
        File.WriteAllText(dataset, JsonSerializer.Serialize(new { images }));
        string output = Path.Combine(_dir, "split");
        var run = CliHarness.Run("encode", "-m", DemoModel, "-d", dataset, "--split", "test", "-o", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Skipped 2 of 4 image files", run.Out);
        Assert.Equal(["caption 0 one", "caption 0 two", "caption 2 one", "caption 2 two"], File.ReadAllLines(Path.Combine(output, "captions.txt")));
        Assert.Equal([0, 0, 1, 1], CaptionImageMapping.FromNpy(Path.Combine(output, "caption_image.npy")));
        Assert.Equal(2, NpyFile.ReadEmbeddingMatrix(Path.Combine(output, "images.npy")).Rows);
    }
}
