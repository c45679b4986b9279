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
        // Whatever instant the kill hit, the checkpoints under their final names are complete; between the rename of the
        // old last.ckpt to previous.ckpt and the new last.ckpt's landing only previous.ckpt is there, which a resume uses.
        string previous = Path.Combine(output, "checkpoints", "previous.ckpt");
        Assert.True(File.Exists(last) || File.Exists(previous), "neither last.ckpt nor previous.ckpt is there");
        foreach (var checkpoint in new[] { last, previous }.Where(File.Exists))
            using (var zip = ZipFile.OpenRead(checkpoint))
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

    // --early-stop N stops exactly when N epochs in a row have not beaten the best validation mR, and keeps the best
    // epoch. The rule is checked against the run's own epoch lines, so it holds whatever the numbers are on a machine;
    // a learning rate of 1e-12 (in effect only batch-norm statistics move) makes an early stop all but certain.
    [Fact]
    public void EarlyStopFollowsItsRuleAndKeepsTheBestEpoch()
    {
        string dataset = Dataset();
        string output = Path.Combine(_dir, "early");
        var run = CliHarness.Run("train", "--dataset", dataset, "--output", output, "--epochs", "6", "--batch-size", "12",
            "--prior-epochs", "1", "--lr", "1e-12", "--early-stop", "1", "--seed", "9");
        Assert.True(run.ExitCode == 0, run.ToString());
        var epochs = System.Text.RegularExpressions.Regex.Matches(run.Out, @"epoch (\d+)/6: .*validation mR ([0-9.]+) \(best ([0-9.]+) at epoch (\d+)\)")
            .Select(m => (Epoch: int.Parse(m.Groups[1].Value), Best: int.Parse(m.Groups[4].Value))).ToList();
        Assert.NotEmpty(epochs);
        var last = epochs[^1];
        // Every epoch before the last left the stop rule unmet: it was itself the best so far.
        Assert.All(epochs.SkipLast(1), e => Assert.Equal(e.Epoch, e.Best));
        if (last.Epoch < 6)
        {
            Assert.True(last.Epoch - last.Best >= 1, run.Out);
            Assert.Contains($"Stopped early after epoch {last.Epoch} of 6: no validation improvement for 1 epoch(s)", run.Out);
        }
        Assert.Contains($"Kept epoch {last.Best}.", run.Out);
        Assert.True(File.Exists(Path.Combine(output, "model.zip")));
        Assert.True(last.Epoch < 6, "with learning rate 1e-12 validation mR rose for six epochs in a row:\n" + run.Out);
    }

    // A learning rate of 1e6 makes the loss non-finite within a few steps: training stops with exit 1 and a message
    // naming the step and the rate, and the checkpoint under its final name is still a complete file.
    [Fact]
    public void DivergedTrainingStopsWithTheStepAndTheRateAndLeavesCompleteCheckpoints()
    {
        string dataset = Dataset();
        string output = Path.Combine(_dir, "diverged");
        var run = CliHarness.Run("train", "--dataset", dataset, "--output", output, "--epochs", "3", "--batch-size", "12",
            "--prior-epochs", "1", "--lr", "1e6", "--checkpoint-every", "1", "--seed", "9");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"training diverged at step \d+: ", run.Error);
        Assert.Contains("try a lower LearningRate", run.Error);
        Assert.Contains("resume from previous.ckpt, the save before it, by renaming it to last.ckpt", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.False(File.Exists(Path.Combine(output, "model.zip")));
        string last = Path.Combine(output, "checkpoints", "last.ckpt");
        if (File.Exists(last))
            using (var zip = ZipFile.OpenRead(last))
                Assert.Contains(zip.Entries, e => e.FullName == "model.bin");
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "checkpoints"), "*.tmp"));
    }

    [Fact]
    public void EachCheckpointKeepsTheOneBeforeItAndAResumeFindsItWhenLastIsMissing()
    {
        string dataset = Dataset();
        string output = Path.Combine(_dir, "previous");
        var first = CliHarness.Run("train", "--dataset", dataset, "--output", output, "--epochs", "1", "--batch-size", "12",
            "--prior-epochs", "1", "--checkpoint-every", "1", "--seed", "9");
        Assert.True(first.ExitCode == 0, first.ToString());
        string checkpoints = Path.Combine(output, "checkpoints");
        string last = Path.Combine(checkpoints, "last.ckpt"), previous = Path.Combine(checkpoints, "previous.ckpt");
        Assert.True(File.Exists(previous));
        static int Step(string path)
        {
            using var zip = ZipFile.OpenRead(path);
            using var state = zip.GetEntry("state.json")!.Open();
            var root = System.Text.Json.JsonDocument.Parse(state).RootElement;
            return (root.TryGetProperty("GlobalStep", out var v) ? v : root.GetProperty("global_step")).GetInt32();
        }
        Assert.True(Step(previous) < Step(last), $"previous.ckpt at step {Step(previous)}, last.ckpt at {Step(last)}");

        // As if killed between the two renames: only previous.ckpt is there.
        File.Delete(last);
        var resumed = CliHarness.Run("train", "--dataset", dataset, "--output", output, "--epochs", "2", "--batch-size", "12",
            "--prior-epochs", "1", "--checkpoint-every", "1", "--seed", "9", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"Resuming from {previous}", resumed.Out);
        // previous.ckpt was saved one batch before the end of epoch 1: the run finishes that epoch, then trains the second.
        Assert.Contains("epoch 1/2", resumed.Out);
        Assert.Contains("epoch 2/2", resumed.Out);
        Assert.True(File.Exists(Path.Combine(output, "model.zip")));
    }
}
