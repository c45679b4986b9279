using System.Diagnostics;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>One measured quantity of a case, e.g. "step" in ms or "images/s".</summary>
/// <param name="Key">Short name the report looks up (e.g. "step_ms").</param>
/// <param name="Label">What was measured, in words.</param>
/// <param name="Unit">Unit of the values.</param>
/// <param name="Stats">The values.</param>
internal sealed record SuiteMeasure(string Key, string Label, string Unit, SampleStats Stats);

/// <summary>
/// What one case of the suite measured in its own process (so the process's peak working set is the case's), as
/// written to <c>out/bench/suite/CASE.json</c> and collected into <c>docs/benchmarks.json</c>.
/// </summary>
internal sealed class SuiteCaseResult
{
    public string Case { get; set; } = "";
    public string Commit { get; set; } = "";
    public int TorchThreads { get; set; }
    public double Seconds { get; set; }
    public double PeakWorkingSetMegabytes { get; set; }
    /// <summary>When the case finished, and the machine with its load then (the report's header names the last case's).</summary>
    public DateTime? FinishedUtc { get; set; }
    public string? Machine { get; set; }
    public List<SuiteMeasure> Measures { get; set; } = new();
    /// <summary>Numbers that describe the case rather than measure it (FLOPs per sample, batch size, rows).</summary>
    public Dictionary<string, double> Facts { get; set; } = new();
    public List<string> Notes { get; set; } = new();

    public SuiteMeasure? Find(string key) => Measures.FirstOrDefault(m => m.Key == key);

    public void Add(string key, string label, string unit, SampleStats stats)
    {
        Measures.Add(new SuiteMeasure(key, label, unit, stats));
        Console.Error.WriteLine($"  {Case}: {label}: {stats.Median:G4} {unit} (min {stats.Min:G4}, max {stats.Max:G4}, n = {stats.Count})");
    }

    /// <summary>Records the process's peak working set; call last.</summary>
    public void Finish(Stopwatch clock)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        PeakWorkingSetMegabytes = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        Seconds = clock.Elapsed.TotalSeconds;
        TorchThreads = TorchSharp.torch.get_num_threads();
        Commit = MarkdownResultTable.Commit();
        FinishedUtc = DateTime.UtcNow;
        Machine = MarkdownResultTable.Machine();
    }
}
