using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Data.Synthetic;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Trainers;
using PriorClip.MLNet.Trainers.Diagnostics;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// Where a training step of the demo goes: one epoch of <see cref="SyntheticDemo"/>'s training through the real
/// ML.NET trainer (one prior epoch first, no validation), each step's wall time split by phase, and garbage
/// collections counted per epoch. Each run adds (or replaces) the row of its label in a markdown table.
/// </summary>
internal static class TrainingProfileBenchmark
{
    const string Header =
        "| label | commit | batching | steps | rows / step | images / step | ms / step | wait for batch | race guard | to tensors | forward | backward | optimizer | host | gen0 / gen1 / gen2 per epoch | GC pause / epoch | pairs / s |\n" +
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|\n";

    public static int Run(string label, string output, string dataFolder, CaptionBatching? batching)
    {
        string json = Path.Combine(dataFolder, SyntheticDatasetGenerator.JsonFileName);
        if (!File.Exists(json)) SyntheticDatasetGenerator.Generate(dataFolder, new SyntheticDatasetOptions { Seed = 42 });
        var dataset = CaptionDatasetReader.Read(json);
        var ml = new MLContext(42);
        var options = SyntheticDemo.TrainerOptions(epochs: 1);
        options.PriorEpochs = 1;
        options.CaptionBatching = batching;
        options.StepProfile = new TrainingStepProfile();
        var clock = Stopwatch.StartNew();
        RetrievalPipeline.Fit(ml, dataset.ToDataView(ml, DatasetSplits.Train), null, options);
        var p = options.StepProfile;
        Console.WriteLine($"{label}: {p.Steps} steps in {clock.Elapsed.TotalSeconds:F1} s (prior epoch and data loading included)");
        string row = Row(label, batching, p);
        Console.WriteLine(row);
        MarkdownResultTable.Upsert(output,
            "# Training step profile\n\n" +
            "Made by `dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- training-profile LABEL [--batching B]` (bench/README.md): one epoch of the\n" +
            "demo's training (`tiny`, 15,000 synthetic pairs, after one prior epoch), wall milliseconds per step by phase, collections per epoch.\n" +
            $"Machine of the last row: {MarkdownResultTable.Machine()}.\n", Header, label, row);
        return 0;
    }

    static string Row(string label, CaptionBatching? batching, TrainingStepProfile p)
    {
        string Ms(StepPhase phase) => (p.Total(phase).TotalMilliseconds / p.Steps).ToString("F1", CultureInfo.InvariantCulture);
        double stepMs = Enum.GetValues<StepPhase>().Sum(phase => p.Total(phase).TotalMilliseconds) / p.Steps;
        var epoch = p.Epochs[^1];
        string batchingName = batching?.ToString() ?? "default";
        return $"| {label} | {MarkdownResultTable.Commit()} | {batchingName} | {p.Steps} | {(double)p.Rows / p.Steps:F1} | {(double)p.Images / p.Steps:F1} | {stepMs:F1} | " +
               string.Join(" | ", Enum.GetValues<StepPhase>().Select(Ms)) +
               $" | {epoch.Gen0} / {epoch.Gen1} / {epoch.Gen2} | {epoch.Pause.TotalSeconds:F2} s | {p.Rows / (stepMs * p.Steps / 1000):F0} |";
    }
}
