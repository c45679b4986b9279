using System.Diagnostics;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Data.Images;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// <c>priorclip encode</c> killed at seeded random moments, three times: every output file is then absent or complete,
/// every saved chunk is a complete .npy, and the run that finally finishes gives the uninterrupted run's embeddings exactly.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EncodeKillResumeTests : IDisposable
{
    const int Images = 2400, ChunkRows = 200;
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string[] Args(string folder, string output) => ["encode", "-m", DemoModel, "--image-folder", folder, "--chunk-rows", ChunkRows.ToString(), "-o", output];

    [Fact]
    public void KilledEncodingLeavesOnlyCompleteFilesAndResumesToTheSameEmbeddings()
    {
        string folder = Path.Combine(_dir, "images");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < Images; i++)
            File.WriteAllBytes(Path.Combine(folder, $"tile{i:D5}.png"), RawPng.Solid(16, 16, RawPng.Rgb, 8, [(byte)(i % 251), (byte)(i * 7 % 253), (byte)(i * 13 % 255)]));

        string reference = Path.Combine(_dir, "reference");
        var clock = Stopwatch.StartNew();
        var full = CliHarness.Run(Args(folder, reference));
        Assert.True(full.ExitCode == 0, full.ToString());
        var uninterrupted = clock.Elapsed;
        var expected = NpyFile.ReadEmbeddingMatrix(Path.Combine(reference, "images.npy"));

        string output = Path.Combine(_dir, "killed");
        var random = new Random(2026);
        int killed = 0;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var child = CliHarness.Start(Args(folder, output));
            Thread.Sleep(TimeSpan.FromMilliseconds(300 + random.NextDouble() * Math.Max(500, uninterrupted.TotalMilliseconds - 600)));
            if (!child.HasExited) { child.Kill(entireProcessTree: true); killed++; }
            child.WaitForExit();
            AssertOnlyCompleteFiles(output);
        }
        Assert.True(killed > 0, "no run was still going when its kill came");

        string partial = Path.Combine(output, ".partial-images");
        int saved = Directory.Exists(partial) ? Directory.GetFiles(partial, "chunk-*.npy").Length : 0;
        var resumed = CliHarness.Run(Args(folder, output));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        if (saved > 0) Assert.Contains($"resuming: {saved * ChunkRows} of the {Images} rows of images.npy already encoded", resumed.Out);
        var actual = NpyFile.ReadEmbeddingMatrix(Path.Combine(output, "images.npy"));
        Assert.Equal((expected.Rows, expected.Dimension), (actual.Rows, actual.Dimension));
        Assert.True(expected.Values.SequenceEqual(actual.Values), "the resumed run's embeddings differ from the uninterrupted run's");
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "image_ids.txt")), File.ReadAllLines(Path.Combine(output, "image_ids.txt")));
        Assert.False(Directory.Exists(Path.Combine(output, ".partial-images")));
    }

    static void AssertOnlyCompleteFiles(string output)
    {
        if (!Directory.Exists(output)) return;
        string npy = Path.Combine(output, "images.npy"), ids = Path.Combine(output, "image_ids.txt");
        if (File.Exists(npy)) Assert.Equal(Images, NpyFile.ReadEmbeddingMatrix(npy).Rows);
        if (File.Exists(ids)) Assert.Equal(Images, File.ReadAllLines(ids).Length);
        string partial = Path.Combine(output, ".partial-images");
        if (!Directory.Exists(partial)) return;
        foreach (var chunk in Directory.GetFiles(partial, "chunk-*.npy"))
            Assert.Equal(ChunkRows, NpyFile.ReadEmbeddingMatrix(chunk).Rows);
    }

    [Fact]
    public void ARunOverOtherInputsStartsOverAndSaysSo()
    {
        string folder = Path.Combine(_dir, "few");
        Directory.CreateDirectory(folder);
        for (int i = 0; i < 5; i++) File.WriteAllBytes(Path.Combine(folder, $"t{i}.png"), RawPng.Solid(16, 16, RawPng.Rgb, 8, [(byte)(40 * i), 90, 10]));
        string output = Path.Combine(_dir, "other");
        // A partial run of a different job left behind (its manifest names other inputs).
        Directory.CreateDirectory(Path.Combine(output, ".partial-images"));
        File.WriteAllText(Path.Combine(output, ".partial-images", "manifest.json"), "{\"Inputs\":\"00\",\"ChunkRows\":2,\"Rows\":5,\"Dimension\":128}");
        File.WriteAllBytes(Path.Combine(output, ".partial-images", "chunk-000000.npy"), [1, 2, 3]);
        var run = CliHarness.Run("encode", "-m", DemoModel, "--image-folder", folder, "--chunk-rows", "2", "-o", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("starting over:", run.Out);
        Assert.Equal(5, NpyFile.ReadEmbeddingMatrix(Path.Combine(output, "images.npy")).Rows);
    }

    [Fact]
    public void AnEmptyCaptionFileIsNamed()
    {
        string captions = Path.Combine(_dir, "empty.txt");
        File.WriteAllText(captions, "");
        var run = CliHarness.Run("encode", "-m", DemoModel, "--captions", captions, "-o", Path.Combine(_dir, "none"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{captions} has no captions (the file is empty)", run.Error);
    }
}
