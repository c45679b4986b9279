using System.IO.Compression;
using System.Text.Json;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// <c>priorclip train</c> and <c>priorclip eval --model</c> on a small synthetic set, including a
/// training process killed mid-epoch and resumed from its last checkpoint.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class TrainVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Dataset()
    {
        var result = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "36", "--val", "12", "--test", "12", "--seed", "5");
        Assert.True(result.ExitCode == 0, result.ToString());
        return Path.Combine(_dir, "data", "dataset_synthetic.json");
    }

    static string[] TrainArgs(string dataset, string output) =>
        ["train", "--dataset", dataset, "--output", output, "--epochs", "4", "--batch-size", "12", "--prior-epochs", "1", "--checkpoint-every", "1", "--seed", "9"];

    [Fact]
    public void KilledRunResumesFinishesAndEvaluates()
    {
        string dataset = Dataset();
        string output = Path.Combine(_dir, "run");
        string last = Path.Combine(output, "checkpoints", "last.ckpt");

        using (var child = CliHarness.Start(TrainArgs(dataset, output)))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            // Kill it without warning a moment after its first checkpoint (it checkpoints every batch).
            while (!File.Exists(last) && !child.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Thread.Sleep(300);
            // (The message reads stderr only when the child has exited: reading it earlier would wait for the exit.)
            if (child.HasExited) Assert.Fail("training finished before it could be killed: " + child.StandardError.ReadToEnd());
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        // Whatever instant the kill hit, the checkpoint under its final name is complete.
        using (var zip = ZipFile.OpenRead(last))
            Assert.Contains(zip.Entries, e => e.FullName == "model.bin");
        Assert.False(File.Exists(Path.Combine(output, "model.zip")));

        var resumed = CliHarness.Run([.. TrainArgs(dataset, output), "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("epoch 4/4", resumed.Out);
        Assert.True(File.Exists(Path.Combine(output, "model.zip")));
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "checkpoints"), "*.tmp"));

        string report = Path.Combine(_dir, "report");
        var eval = CliHarness.Run("eval", "--model", Path.Combine(output, "model.zip"), "--dataset", dataset, "--output", report);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("mR", eval.Out);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")));
        Assert.Equal(12, metrics.RootElement.GetProperty("images").GetInt32());
        Assert.True(File.Exists(Path.Combine(report, "report.html")));
    }

    [Fact]
    public void BadUsageAndBadInput()
    {
        Assert.Equal(2, CliHarness.Run("train").ExitCode);
        Assert.Equal(2, CliHarness.Run("train", "--dataset", "x.json", "--epochs", "many").ExitCode);
        Assert.Equal(2, CliHarness.Run("eval", "--model", "m.zip").ExitCode);

        string missing = Path.Combine(_dir, "missing.json");
        var noData = CliHarness.Run("train", "--dataset", missing, "--output", Path.Combine(_dir, "x"));
        Assert.Equal(1, noData.ExitCode);
        Assert.Contains("missing.json", noData.Error);

        string dataset = Dataset();
        var badConfig = CliHarness.Run("train", "--dataset", dataset, "--config", "huge", "--output", Path.Combine(_dir, "y"));
        Assert.Equal(1, badConfig.ExitCode);
        Assert.Contains("'huge' is neither a file nor a built-in model config", badConfig.Error);

        var badDevice = CliHarness.Run("train", "--dataset", dataset, "--device", "tpu", "--output", Path.Combine(_dir, "z"));
        Assert.Equal(1, badDevice.ExitCode);
        Assert.Contains("--device 'tpu'", badDevice.Error);

        string notAModel = Path.Combine(_dir, "not-a-model.zip");
        File.WriteAllText(notAModel, "plain text");
        var badModel = CliHarness.Run("eval", "--model", notAModel, "--dataset", dataset);
        Assert.Equal(1, badModel.ExitCode);
        Assert.Contains("error:", badModel.Error);
    }
}
