using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// Issue #13's durability acceptance for training: <c>priorclip train --checkpoints</c> killed at several seeded random
/// moments leaves only complete checkpoints, and resuming until done gives the same test metrics as an uninterrupted run.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class TrainKillResumeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-train-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string[] Args(string dataset, string output) =>
        ["train", "--dataset", dataset, "--output", output, "--epochs", "3", "--batch-size", "12", "--prior-epochs", "1", "--checkpoint-every", "1", "--seed", "9", "--resume"];

    [Fact]
    public async Task TrainingKilledAtRandomMomentsLeavesCompleteCheckpointsAndResumesToTheSameMetrics()
    {
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "36", "--val", "12", "--test", "12", "--seed", "5");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string dataset = Path.Combine(_dir, "data", "dataset_synthetic.json");

        // The uninterrupted run is a child process too, so its duration bounds the kill moments of the others.
        string reference = Path.Combine(_dir, "reference");
        var clock = Stopwatch.StartNew();
        using (var full = CliHarness.Start(Args(dataset, reference)))
        {
            var drain = full.StandardOutput.ReadToEndAsync();
            var error = full.StandardError.ReadToEndAsync();
            await full.WaitForExitAsync();
            Assert.True(full.ExitCode == 0, await error);
        }
        var uninterrupted = clock.Elapsed;

        string output = Path.Combine(_dir, "killed");
        string model = Path.Combine(output, "model.zip");
        var random = new Random(13);
        int killed = 0, startedFromCheckpoint = 0;
        bool HasCheckpoint() => File.Exists(Path.Combine(output, "checkpoints", "last.ckpt")) || File.Exists(Path.Combine(output, "checkpoints", "previous.ckpt"));
        // Every run passes --resume: the first finds no checkpoint and starts fresh, the later ones continue.
        for (int attempt = 0; attempt < 4 && !File.Exists(model); attempt++)
        {
            if (HasCheckpoint()) startedFromCheckpoint++;
            using var child = CliHarness.Start(Args(dataset, output));
            // Drain the pipes so a chatty child never blocks on a full one before its kill.
            var drainOut = child.StandardOutput.ReadToEndAsync();
            var drainError = child.StandardError.ReadToEndAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(200 + random.NextDouble() * uninterrupted.TotalMilliseconds * 0.8));
            if (!child.HasExited) { child.Kill(entireProcessTree: true); killed++; }
            await child.WaitForExitAsync();
            AssertOnlyCompleteFiles(output, $"after kill attempt {attempt + 1}");
        }
        Assert.True(killed > 0, "no training run was still going when its kill came");

        if (!File.Exists(model))
        {
            if (HasCheckpoint()) startedFromCheckpoint++;
            var resumed = CliHarness.Run(Args(dataset, output));
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "checkpoints"), "*.tmp"));
        // Without a run that continued from a checkpoint the comparison below would only repeat a fresh run.
        Assert.True(startedFromCheckpoint > 0, $"no run resumed from a checkpoint ({killed} kills all came before the first one)");
        Assert.Equal(TestMetrics(Path.Combine(reference, "model.zip"), dataset, "eval-reference"), TestMetrics(model, dataset, "eval-resumed"));
    }

    /// <summary>Each checkpoint and model file under its final name is complete: a zip whose entries all read to the end.</summary>
    static void AssertOnlyCompleteFiles(string output, string when)
    {
        string checkpoints = Path.Combine(output, "checkpoints");
        var files = new[] { Path.Combine(checkpoints, "last.ckpt"), Path.Combine(checkpoints, "previous.ckpt"), Path.Combine(output, "model.zip") };
        foreach (var file in files.Where(File.Exists))
        {
            using var zip = ZipFile.OpenRead(file);
            foreach (var entry in zip.Entries)
            {
                using var s = entry.Open();
                s.CopyTo(Stream.Null);
            }
            if (file.EndsWith(".ckpt", StringComparison.Ordinal))
            {
                var state = zip.GetEntry("state.json") ?? throw new Xunit.Sdk.XunitException($"{file} has no state.json {when}");
                using var json = JsonDocument.Parse(state.Open());
                Assert.NotNull(zip.GetEntry("model.bin"));
                Assert.NotNull(zip.GetEntry("optimizer.bin"));
            }
        }
    }

    /// <summary>The test-split metrics.json of <c>eval</c> on <paramref name="model"/>: deterministic given the weights.</summary>
    string TestMetrics(string model, string dataset, string name)
    {
        string report = Path.Combine(_dir, name);
        var eval = CliHarness.Run("eval", "--model", model, "--dataset", dataset, "--output", report);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        return File.ReadAllText(Path.Combine(report, "metrics.json"));
    }
}
