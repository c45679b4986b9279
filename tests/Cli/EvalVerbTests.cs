using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip eval</c> on .npy embeddings made elsewhere.</summary>
[Collection(ConsoleCollection.Name)]
public class EvalVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    (string Images, string Texts, EmbeddingMatrix ImageMatrix, EmbeddingMatrix TextMatrix) Embeddings()
    {
        var rng = new Random(17);
        const int images = 30, perImage = 3, dim = 8;
        var imageValues = new float[images * dim];
        for (int i = 0; i < imageValues.Length; i++) imageValues[i] = (float)(rng.NextDouble() * 2 - 1);
        var textValues = new float[images * perImage * dim];
        for (int c = 0; c < images * perImage; c++)
            for (int d = 0; d < dim; d++) // a noisy copy of its image: recall well above chance, not perfect
                textValues[c * dim + d] = imageValues[c / perImage * dim + d] + (float)(rng.NextDouble() * 1.6 - 0.8);
        var imageMatrix = new EmbeddingMatrix(imageValues, images, dim);
        var textMatrix = new EmbeddingMatrix(textValues, images * perImage, dim);
        string a = Path.Combine(_dir, "images.npy"), b = Path.Combine(_dir, "texts.npy");
        NpyFile.WriteEmbeddingMatrix(a, imageMatrix);
        NpyFile.WriteEmbeddingMatrix(b, textMatrix);
        return (a, b, imageMatrix, textMatrix);
    }

    [Fact]
    public void NpyEmbeddingsGiveTheLibraryMetrics()
    {
        var (a, b, imageMatrix, textMatrix) = Embeddings();
        string json = Path.Combine(_dir, "metrics.json");
        var result = CliHarness.Run("eval", "--image-embeddings", a, "--text-embeddings", b, "--captions-per-image", "3", "--json", json);
        Assert.True(result.ExitCode == 0, result.ToString());

        var expected = new MLContext().Retrieval().Evaluate(imageMatrix, textMatrix, CaptionImageMapping.CaptionsPerImage(90, 3));
        using var written = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(expected.MeanRecall, written.RootElement.GetProperty("mR").GetDouble(), 9);
        Assert.Equal(expected.TextToImage.RecallAt1, written.RootElement.GetProperty("text_to_image").GetProperty("R@1").GetDouble(), 9);
        Assert.Contains($"mR {expected.MeanRecall:F2}", result.Out);

        // The same mapping given as an .npy file, and a report folder.
        string mapping = Path.Combine(_dir, "caption_image.npy");
        NpyFile.WriteInt64Vector(mapping, CaptionImageMapping.CaptionsPerImage(90, 3));
        string report = Path.Combine(_dir, "report");
        var withMapping = CliHarness.Run("eval", "--image-embeddings", a, "--text-embeddings", b, "--caption-image", mapping, "--output", report);
        Assert.True(withMapping.ExitCode == 0, withMapping.ToString());
        Assert.Contains($"mR {expected.MeanRecall:F2}", withMapping.Out);
        Assert.True(File.Exists(Path.Combine(report, "report.html")));
    }

    [Fact]
    public void BadUsageExitsWithTwo()
    {
        var (a, b, _, _) = Embeddings();
        Assert.Equal(2, CliHarness.Run("eval").ExitCode);
        Assert.Equal(2, CliHarness.Run("eval", "--image-embeddings", a, "--captions-per-image", "3").ExitCode);
        Assert.Equal(2, CliHarness.Run("eval", "--image-embeddings", a, "--text-embeddings", b).ExitCode);
        var both = CliHarness.Run("eval", "--image-embeddings", a, "--text-embeddings", b, "--captions-per-image", "3", "--model", "m.zip", "--dataset", "d.json");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("either --model with --dataset, or --image-embeddings with --text-embeddings", both.Error);
    }

    [Fact]
    public void BadInputExitsWithOneAndNamesTheFile()
    {
        var (a, b, _, _) = Embeddings();
        var bytes = File.ReadAllBytes(b);
        string truncated = Path.Combine(_dir, "cut.npy");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 40)]);
        var result = CliHarness.Run("eval", "--image-embeddings", a, "--text-embeddings", truncated, "--captions-per-image", "3");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cut.npy", result.Error);

        var wrongCount = CliHarness.Run("eval", "--image-embeddings", a, "--text-embeddings", b, "--captions-per-image", "4");
        Assert.Equal(1, wrongCount.ExitCode);

        string missing = Path.Combine(_dir, "absent.npy");
        var absent = CliHarness.Run("eval", "--image-embeddings", missing, "--text-embeddings", b, "--captions-per-image", "3");
        Assert.Equal(1, absent.ExitCode);
        Assert.Contains("absent.npy", absent.Error);
    }

    [Fact]
    public void ModelFileThatIsNotAModelIsNamedWithTheReason()
    {
        string garbage = Path.Combine(_dir, "bad.zip");
        File.WriteAllBytes(garbage, [0x50, 0x4b, 0x00, 0x17, 0x42]);
        var notZip = CliHarness.Run("eval", "--model", garbage, "--dataset", "d.json");
        Assert.Equal(1, notZip.ExitCode);
        Assert.Contains($"'{garbage}' is not a readable .zip", notZip.Error);
        Assert.DoesNotContain("   at ", notZip.Error); // no stack trace without --verbose

        string foreign = Path.Combine(_dir, "photos.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(foreign, System.IO.Compression.ZipArchiveMode.Create))
            archive.CreateEntry("photo.jpg");
        var notModel = CliHarness.Run("eval", "--model", foreign, "--dataset", "d.json");
        Assert.Equal(1, notModel.ExitCode);
        Assert.Contains($"'{foreign}' is a .zip but not an ML.NET model", notModel.Error);
    }
}
