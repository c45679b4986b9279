using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip encode</c> and <c>priorclip search</c> agree with the evaluator on a small trained model.</summary>
[Collection(ConsoleCollection.Name)]
public class EncodeSearchVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-encode-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    (string Dataset, string Model) Trained() => CliHarness.TrainSmallModel(_dir, trainImages: 36, testImages: 12, seed: 6);

    [Fact]
    public void EncodedSplitEvaluatesLikeTheModelAndSearchFollowsTheProtocolRanks()
    {
        var (dataset, model) = Trained();
        string encoded = Path.Combine(_dir, "encoded");
        var encode = CliHarness.Run("encode", "-m", model, "-d", dataset, "--split", "test", "-o", encoded);
        Assert.True(encode.ExitCode == 0, encode.ToString());
        Assert.Contains("Encoded 12 images", encode.Out);
        Assert.Contains("Encoded 60 captions", encode.Out);

        string fromModel = Path.Combine(_dir, "model.json"), fromNpy = Path.Combine(_dir, "npy.json");
        Assert.Equal(0, CliHarness.Run("eval", "--model", model, "--dataset", dataset, "--json", fromModel).ExitCode);
        var npyEval = CliHarness.Run("eval", "--image-embeddings", Path.Combine(encoded, "images.npy"), "--text-embeddings", Path.Combine(encoded, "texts.npy"),
            "--caption-image", Path.Combine(encoded, "caption_image.npy"), "--json", fromNpy);
        Assert.True(npyEval.ExitCode == 0, npyEval.ToString());
        double MeanRecall(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("mR").GetDouble();
        Assert.Equal(MeanRecall(fromModel), MeanRecall(fromNpy));

        // A caption's search results put its own image exactly at the rank the evaluator gives it.
        var images = NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "images.npy"));
        var texts = NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "texts.npy"));
        var mapping = CaptionImageMapping.FromNpy(Path.Combine(encoded, "caption_image.npy"));
        var metrics = new MLContext().Retrieval().Evaluate(images, texts, mapping);
        var captions = File.ReadAllLines(Path.Combine(encoded, "captions.txt"));
        var ids = File.ReadAllLines(Path.Combine(encoded, "image_ids.txt"));
        for (int c = 0; c < 60; c += 7)
        {
            var search = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", captions[c], "--top", "12", "--json");
            Assert.True(search.ExitCode == 0, search.ToString());
            var names = JsonDocument.Parse(search.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
            Assert.Equal(12, names.Count);
            Assert.Equal(metrics.TextToImage.Ranks[c], names.IndexOf(ids[mapping[c]]) + 1);
        }

        var byImage = CliHarness.Run("search", "-m", model, "--index", encoded, "--image",
            Path.Combine(_dir, "data", "images", ids[0] + ".png"), "--top", "3");
        Assert.True(byImage.ExitCode == 0, byImage.ToString());
        Assert.Equal(3, byImage.Out.Trim().Split('\n').Length);
    }

    [Fact]
    public void BadUsageAndBadInput()
    {
        Assert.Equal(2, CliHarness.Run("encode", "-m", "m.zip").ExitCode);
        Assert.Equal(2, CliHarness.Run("encode", "-m", "m.zip", "--captions", "a.txt", "--image-folder", "f").ExitCode);
        Assert.Equal(2, CliHarness.Run("search", "-m", "m.zip", "--index", "x").ExitCode);
        Assert.Equal(2, CliHarness.Run("search", "-m", "m.zip", "--index", "x", "-q", "a", "--top", "0").ExitCode);

        var (_, model) = Trained();
        string missing = Path.Combine(_dir, "no-index");
        var noIndex = CliHarness.Run("search", "-m", model, "--index", missing, "-q", "a red roof");
        Assert.Equal(1, noIndex.ExitCode);
        Assert.Contains("no-index", noIndex.Error);

        string captions = Path.Combine(_dir, "captions.txt");
        File.WriteAllLines(captions, ["many planes are parked", "", "a port"]);
        var empty = CliHarness.Run("encode", "-m", model, "--captions", captions, "-o", Path.Combine(_dir, "out"));
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("captions.txt: line 2 is empty", empty.Error);
    }
}
