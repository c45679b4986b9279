using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PriorClip.MLNet.IO;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// <c>ablation</c>: what each part of PriorCLIP is worth. Three variants (plain dual encoder; + prior with
/// Spatial-PAE and Temporal-PAE; + attribution loss) × seeds × the standard and the hard synthetic set, each
/// run a child process (<c>experiment …</c>) with the demo's recipe. Every finished run is kept as a JSON
/// file, so an interrupted suite resumes where it stopped; the summary goes to <c>docs/ablation.md</c> and all
/// runs to <c>bench/results/ablation.json</c>.
/// </summary>
internal static class AblationSuite
{
    static readonly string[] Variants = ["plain", "pae", "full"];
    static readonly string[] Sets = ["standard", "hard"];

    public static int Run(int[] seeds, int epochs, string runFolder, string markdownPath, string jsonPath)
    {
        Directory.CreateDirectory(runFolder);
        var results = new List<(string Set, string Variant, int Seed, TrainingExperimentResult Result)>();
        int total = Sets.Length * Variants.Length * seeds.Length, done = 0;
        var clock = Stopwatch.StartNew();
        foreach (string set in Sets)
            foreach (int seed in seeds)
                foreach (string variant in Variants)
                {
                    var experiment = new TrainingExperiment { Set = set, Variant = variant, Seed = seed, Epochs = epochs };
                    string file = Path.Combine(runFolder, $"{set}-{variant}-seed{seed}-epochs{epochs}.json");
                    TrainingExperimentResult result;
                    if (File.Exists(file))
                    {
                        result = JsonSerializer.Deserialize<TrainingExperimentResult>(File.ReadAllText(file))!;
                    }
                    else
                    {
                        result = RunChild(experiment);
                        AtomicFile.WriteAllText(file, JsonSerializer.Serialize(result));
                    }
                    results.Add((set, variant, seed, result));
                    done++;
                    Console.WriteLine($"[{done}/{total}, {clock.Elapsed.TotalMinutes:F0} min] {set} {variant} seed {seed}: validation mR {result.BestValidation:F2} " +
                                      $"(epoch {result.BestEpoch}), test mR {result.TestMeanRecall!.Value:F2}, {result.TrainSeconds:F0} s");
                }
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(results.Select(r => new { r.Set, r.Variant, r.Seed, r.Result }), new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(markdownPath, HandWrittenReading.Merge(markdownPath, Summary(results, seeds, epochs), "ablation"));
        Console.WriteLine($"Wrote {markdownPath} and {jsonPath}");
        return 0;
    }

    static TrainingExperimentResult RunChild(TrainingExperiment experiment) =>
        JsonSerializer.Deserialize<TrainingExperimentResult>(BenchChildProcess.RunForLastLine(["experiment", .. experiment.ToArguments()]))!;

    static string Summary(List<(string Set, string Variant, int Seed, TrainingExperimentResult Result)> results, int[] seeds, int epochs)
    {
        var text = new StringBuilder();
        text.Append("# Ablation: what the prior, the PAE heads and the attribution loss are worth\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Made by `dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- ablation --seeds {string.Join(",", seeds)} --epochs {epochs}` at commit {MarkdownResultTable.Commit()}\n");
        text.Append(CultureInfo.InvariantCulture, $"({MarkdownResultTable.Machine()}). Every run: the demo's recipe (`tiny`, synthetic set of 3,000 training images), {epochs} epochs,\n");
        text.Append("the model of the best validation epoch evaluated once on the test split. Variants:\n\n");
        text.Append("- **plain**: pooled image and text heads, no prior, contrastive loss only (a plain dual encoder of the same trunks);\n");
        text.Append("- **+ prior, PAEs**: the built-in scene classifier as the visual prior, Spatial-PAE and Temporal-PAE heads, contrastive loss;\n");
        text.Append("- **+ attribution**: the full method, the attribution loss added (weight from the `tiny` config).\n\n");
        text.Append("| set | variant | test mR mean | test mR min–max | validation mR mean | train s mean |\n|---|---|---:|---:|---:|---:|\n");
        foreach (string set in Sets)
            foreach (string variant in Variants)
            {
                var runs = results.Where(r => r.Set == set && r.Variant == variant).Select(r => r.Result).ToList();
                if (runs.Count == 0) continue;
                text.Append(CultureInfo.InvariantCulture,
                    $"| {set} | {Name(variant)} | {runs.Average(r => r.TestMeanRecall!.Value):F2} | {runs.Min(r => r.TestMeanRecall!.Value):F2}–{runs.Max(r => r.TestMeanRecall!.Value):F2} | " +
                    $"{runs.Average(r => r.BestValidation):F2} | {runs.Average(r => r.TrainSeconds):F0} |\n");
            }
        text.Append("\nPer run (seed: test mR / best validation mR at epoch):\n\n| set | variant | ").Append(string.Join(" | ", seeds.Select(s => $"seed {s}"))).Append(" |\n|---|---|");
        text.Append(string.Concat(seeds.Select(_ => "---|"))).Append('\n');
        foreach (string set in Sets)
            foreach (string variant in Variants)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {set} | {Name(variant)} |");
                foreach (int seed in seeds)
                {
                    var r = results.FirstOrDefault(x => x.Set == set && x.Variant == variant && x.Seed == seed).Result;
                    text.Append(r is null ? " – |" : string.Create(CultureInfo.InvariantCulture, $" {r.TestMeanRecall!.Value:F2} / {r.BestValidation:F2} @ {r.BestEpoch} |"));
                }
                text.Append('\n');
            }
        return text.ToString();
    }

    static string Name(string variant) => variant switch { "plain" => "plain", "pae" => "+ prior, PAEs", _ => "+ attribution" };
}
