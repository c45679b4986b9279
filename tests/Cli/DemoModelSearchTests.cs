using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// Search acceptance on the real demo model: the .zip the README's first command made
/// (tests/Fixtures/Demo, provenance in its README), on the demo's own test split, which the
/// generator reproduces byte for byte from seed 42. Training it takes 8 minutes, so the model is
/// committed rather than trained here; its test numbers are those the README states.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class DemoModelSearchTests : IDisposable
{
    /// <summary>"Most captions": strictly more than half find their own image among the top 5.</summary>
    const double MostCaptionsPercent = 50;

    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-demo-search-").FullName;
    static readonly string Model = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SearchFindsMostCaptionsOwnImageInTheTopFiveOnTheDemosTestSplit()
    {
        // The demo's data: `priorclip demo` generates it with these defaults (seed 42, 3,000 / 450 / 450 at 64 px).
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "synthetic"), "--seed", "42");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string dataset = Path.Combine(_dir, "synthetic", "dataset_synthetic.json");
        string encoded = Path.Combine(_dir, "encoded");
        var encode = CliHarness.Run("encode", "-m", Model, "-d", dataset, "--split", "test", "-o", encoded);
        Assert.True(encode.ExitCode == 0, encode.ToString());
        Assert.Contains("Encoded 450 images", encode.Out);
        Assert.Contains("Encoded 2250 captions", encode.Out);

        // Every test caption against the encoded archive: the share with its image in the top 5.
        var images = NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "images.npy"));
        var texts = NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "texts.npy"));
        var mapping = CaptionImageMapping.FromNpy(Path.Combine(encoded, "caption_image.npy"));
        var metrics = new MLContext().Retrieval().Evaluate(images, texts, mapping);
        double inTopFive = 100.0 * metrics.TextToImage.Ranks.Count(rank => rank <= 5) / metrics.CaptionCount;
        Assert.True(inTopFive > MostCaptionsPercent, $"only {inTopFive:F2} % of the demo's test captions find their image in the top 5");

        // The search verb itself, on a sample of captions, returns exactly those top-5 lists.
        string[] captions = File.ReadAllLines(Path.Combine(encoded, "captions.txt"));
        string[] ids = File.ReadAllLines(Path.Combine(encoded, "image_ids.txt"));
        for (int c = 0; c < captions.Length; c += 450)
        {
            var search = CliHarness.Run("search", "-m", Model, "--index", encoded, "-q", captions[c], "--top", "5", "--json");
            Assert.True(search.ExitCode == 0, search.ToString());
            string?[] names = JsonDocument.Parse(search.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToArray();
            Assert.Equal(metrics.TextToImage.GetTopCandidates(c).Select(i => ids[i]), names);
        }
    }
}
