using System.Text.Json;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip zeroshot</c> on the demo's model (tests/Fixtures/Demo) and a generated test split.</summary>
[Collection(ConsoleCollection.Name)]
public class ZeroShotVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-zeroshot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ClassifiesTheSyntheticScenesFarAboveChanceAndWritesTheConfusionTable()
    {
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "12", "--val", "12", "--test", "60", "--seed", "3");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string model = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
        string report = Path.Combine(_dir, "report");
        var run = CliHarness.Run("zeroshot", "-m", model, "-d", Path.Combine(_dir, "data", "dataset_synthetic.json"), "-o", report);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("| true \\ predicted | airport |", run.Out);

        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "zeroshot.json"))).RootElement;
        Assert.Equal(60, json.GetProperty("images").GetInt32());
        var confusion = json.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(12, confusion.Length);
        Assert.All(confusion, row => Assert.Equal(5, row.Sum()));          // 5 test images per class
        double diagonal = Enumerable.Range(0, 12).Sum(i => confusion[i][i]);
        Assert.Equal(100 * diagonal / 60, json.GetProperty("accuracy").GetDouble(), 6);
        // 12 classes: chance is 8.3 %. The demo model was never shown a prompt, only captions naming the scenes.
        Assert.True(json.GetProperty("accuracy").GetDouble() > 50, $"accuracy {json.GetProperty("accuracy").GetDouble()}");
        Assert.True(File.Exists(Path.Combine(report, "zeroshot.md")));
    }
}
