using System.Text.Json;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// <c>priorclip index build</c> on an encoded split, then <c>search</c> through the HNSW index: the same results as
/// <c>search --exact</c>, in this process and in a fresh one; a damaged index file is named.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class IndexVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-index-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    (string Model, string Encoded) Encoded()
    {
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "24", "--val", "12", "--test", "24", "--seed", "9");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string dataset = Path.Combine(_dir, "data", "dataset_synthetic.json");
        var train = CliHarness.Run("train", "--dataset", dataset, "--output", Path.Combine(_dir, "run"), "--epochs", "1", "--batch-size", "12", "--prior-epochs", "1");
        Assert.True(train.ExitCode == 0, train.ToString());
        string model = Path.Combine(_dir, "run", "model.zip"), encoded = Path.Combine(_dir, "encoded");
        var encode = CliHarness.Run("encode", "-m", model, "-d", dataset, "--split", "test", "-o", encoded);
        Assert.True(encode.ExitCode == 0, encode.ToString());
        return (model, encoded);
    }

    static List<(string Name, float Score)> Hits(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("score").GetSingle())).ToList();

    [Fact]
    public void SearchThroughTheIndexGivesTheExactResultsHereAndInAFreshProcess()
    {
        var (model, encoded) = Encoded();
        var build = CliHarness.Run("index", "build", "--index", encoded, "--storage", "i8");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Indexed 24 images", build.Out);
        Assert.Contains("Indexed 120 texts", build.Out);
        Assert.True(File.Exists(Path.Combine(encoded, "images.usearch")) && File.Exists(Path.Combine(encoded, "texts.usearch")));

        var captions = File.ReadAllLines(Path.Combine(encoded, "captions.txt"));
        foreach (int c in new[] { 0, 17, 58, 119 })
        {
            var indexed = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", captions[c], "--top", "5", "--json");
            var exact = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", captions[c], "--top", "5", "--json", "--exact");
            Assert.True(indexed.ExitCode == 0 && exact.ExitCode == 0, indexed + "\n" + exact);
            Assert.Equal(Hits(exact.Out), Hits(indexed.Out));
            Assert.Equal(5, Hits(indexed.Out).Count);
        }

        string image = Path.Combine(_dir, "data", "images", File.ReadAllLines(Path.Combine(encoded, "image_ids.txt"))[3] + ".png");
        var here = CliHarness.Run("search", "-m", model, "--index", encoded, "--image", image, "--top", "7", "--json");
        Assert.True(here.ExitCode == 0, here.ToString());
        Assert.Equal(Hits(CliHarness.Run("search", "-m", model, "--index", encoded, "--image", image, "--top", "7", "--json", "--exact").Out), Hits(here.Out));
        using var child = CliHarness.Start("search", "-m", model, "--index", encoded, "--image", image, "--top", "7", "--json");
        string childOut = child.StandardOutput.ReadToEnd();
        string childErr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, childErr);
        Assert.Equal(Hits(here.Out), Hits(childOut));
    }

    [Fact]
    public void ADamagedOrStaleIndexIsNamedWithWhatToDo()
    {
        var (model, encoded) = Encoded();
        Assert.Equal(0, CliHarness.Run("index", "build", "--index", encoded, "--side", "images").ExitCode);
        Assert.False(File.Exists(Path.Combine(encoded, "texts.usearch")));
        string indexFile = Path.Combine(encoded, "images.usearch");

        File.WriteAllBytes(indexFile, [7, 7, 7, 7, 7, 7, 7, 7, 7]);
        var damaged = CliHarness.Run("search", "-m", model, "--index", encoded, "-q", "a plane", "--top", "3");
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains(indexFile, damaged.Error);
        Assert.Contains("not a readable USearch index", damaged.Error);
        Assert.DoesNotContain("   at ", damaged.Error);

        var noTexts = CliHarness.Run("index", "build", "--index", Path.Combine(_dir, "data"), "--side", "texts");
        Assert.Equal(1, noTexts.ExitCode);
        Assert.Contains("texts.npy", noTexts.Error);
    }
}
