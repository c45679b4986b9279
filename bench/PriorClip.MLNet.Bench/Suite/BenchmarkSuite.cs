using System.Diagnostics;
using System.Text.Json;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Modeling;
using TorchSharp;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// <c>suite</c>: every case of docs/benchmarks.md, each in a child process (<c>suite-case NAME</c>) so its peak
/// working set is its own, in one run so the ratios compare numbers measured on the same machine under the same load.
/// A finished case is kept in <c>out/bench/suite/NAME.json</c> and reused by a rerun at the same commit, so a stopped
/// suite resumes; <c>--fresh</c> measures everything again.
/// </summary>
internal static class BenchmarkSuite
{
    public const string Folder = "out/bench/suite";
    const string DemoData = "out/demo/synthetic";

    /// <summary>The cases in the order they run (the raw tiny case reads the trainer case's batch shape).</summary>
    public static readonly (string Name, Action<SuiteCaseResult> Run)[] Cases =
    [
        ("machine", MachineLimitCase.Run),
        ("train-tiny-mlnet", r => TrainingStepCases.TinyThroughTrainer(r, Folder, DemoData)),
        ("train-tiny-raw", r => TrainingStepCases.TinyRaw(r, Folder)),
        ("train-pir-closed-raw", r => TrainingStepCases.ConfigRaw(r, "pir-closed", batch: 8, repeats: 5)),
        ("train-priorclip-vit-b32-raw", r => TrainingStepCases.ConfigRaw(r, "priorclip-vit-b32", batch: 8, repeats: 5)),
        ("train-clip-vit-b32-raw", r => TrainingStepCases.ClipRaw(r, PyTorchTwinCase.TrainBatch, repeats: 5)),
        ("encode-tiny", r =>
        {
            using var model = PriorClipModelFactory.Create("tiny", seed: 0);
            EncodingCases.Images(r, model, Path.Combine(Folder, "images"), count: 512, batch: 128, passes: 3);
            EncodingCases.Captions(r, model, batch: 128, repeats: 10);
        }),
        ("encode-clip-vit-b32", r =>
        {
            using var model = PriorClipModelFactory.Create(PlainClip.VitB32(), seed: 0);
            EncodingCases.Images(r, model, Path.Combine(Folder, "images"), count: 128, batch: PyTorchTwinCase.ImageBatch, passes: 3);
            EncodingCases.Captions(r, model, batch: PyTorchTwinCase.TextBatch, repeats: 5);
        }),
        ("encode-memory-1k", r => EncodingCases.Memory(r, Path.Combine(Folder, "images"), 1_000)),
        ("encode-memory-10k", r => EncodingCases.Memory(r, Path.Combine(Folder, "images"), 10_000)),
        ("eval-rsicd", r => EvaluationCases.Run(r, images: 1_093, repeats: 5, naive: true)),
        ("eval-rsicd-10x", r => EvaluationCases.Run(r, images: 10_930, repeats: 3, naive: false)),
        ("search-100k", r => SearchCases.Run(r, rows: 100_000, queries: 50, naiveQueries: 10, index: true)),
        ("search-1m", r => SearchCases.Run(r, rows: 1_000_000, queries: 10, naiveQueries: 3, index: false)),
        ("pytorch-twin-clip", r => PyTorchTwinCase.Run(r, Folder)),
        ("pytorch-twin-tiny", r => TinyTwinCase.Run(r, Folder)),
        // Measured again at the end: a neighbour's load at either moment shows as a gap between the two.
        ("machine-after", MachineLimitCase.Run),
    ];

    /// <param name="fresh">Measure every case again, even those kept from a run at this commit.</param>
    /// <param name="reportOnly">Measure nothing: rewrite the report from the kept cases (each names the commit it was measured at).</param>
    /// <param name="markdownPath">The report.</param>
    /// <param name="jsonPath">Every measurement.</param>
    public static int Run(bool fresh, bool reportOnly, string markdownPath, string jsonPath)
    {
        Directory.CreateDirectory(Folder);
        string commit = MarkdownResultTable.Commit();
        var results = new List<SuiteCaseResult>();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Cases.Length; i++)
        {
            string name = Cases[i].Name, file = Path.Combine(Folder, name + ".json");
            SuiteCaseResult? result = null;
            if (reportOnly)
            {
                if (!File.Exists(file)) throw new InvalidOperationException($"{file} is missing: run the suite first");
                results.Add(JsonSerializer.Deserialize<SuiteCaseResult>(File.ReadAllText(file))!);
                continue;
            }
            if (!fresh && File.Exists(file))
            {
                result = JsonSerializer.Deserialize<SuiteCaseResult>(File.ReadAllText(file));
                if (result?.Commit != commit || commit.EndsWith('+')) result = null; // measured on other code: measure again
            }
            if (result is null)
            {
                Console.Error.WriteLine($"[{i + 1}/{Cases.Length}, {clock.Elapsed.TotalMinutes:F1} min] {name}");
                string line = BenchChildProcess.RunForLastLine(["suite-case", name]);
                result = JsonSerializer.Deserialize<SuiteCaseResult>(line)!;
                AtomicFile.WriteAllText(file, line);
            }
            else
            {
                Console.Error.WriteLine($"[{i + 1}/{Cases.Length}] {name}: kept from an earlier run at {commit}");
            }
            results.Add(result);
        }
        // The header names the run's own time and machine load (its last case's), also when only the report is rewritten.
        var last = results[^1];
        var report = new BenchmarkReport(results, last.Machine ?? MarkdownResultTable.Machine(), last.FinishedUtc ?? DateTime.UtcNow);
        AtomicFile.WriteAllText(markdownPath, HandWrittenReading.Merge(markdownPath, report.Markdown(), "suite"));
        AtomicFile.WriteAllText(jsonPath, report.Json());
        Console.Error.WriteLine($"Wrote {markdownPath} and {jsonPath} in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    /// <summary>Runs one case in this process and prints its result as one JSON line.</summary>
    public static int RunCase(string name)
    {
        var entry = Cases.FirstOrDefault(c => c.Name == name);
        if (entry.Run is null)
        {
            Console.Error.WriteLine($"unknown case '{name}'; cases: {string.Join(", ", Cases.Select(c => c.Name))}");
            return 2;
        }
        // Every case (and the PyTorch twin) uses all cores, set explicitly: LibTorch may start with one thread here.
        torch.set_num_threads(Environment.ProcessorCount);
        var clock = Stopwatch.StartNew();
        var result = new SuiteCaseResult { Case = name };
        entry.Run(result);
        result.Finish(clock);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
