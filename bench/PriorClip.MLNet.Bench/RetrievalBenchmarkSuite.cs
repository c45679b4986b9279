using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PriorClip.MLNet.Bench;

/// <summary>Runs every case in a child process and writes the markdown table.</summary>
internal static class RetrievalBenchmarkSuite
{
    public static IReadOnlyList<RetrievalBenchmarkCase> DefaultCases(int processors) =>
    [
        new("RSICD test", 1093, 5, 512, 1),
        new("RSICD test", 1093, 5, 512, processors),
        new("RSICD test", 1093, 5, 64, processors),
        new("10× RSICD test", 10930, 5, 64, processors),
        new("10× RSICD test", 10930, 5, 512, processors),
    ];

    public static int Run(string? outputPath)
    {
        var results = new List<RetrievalBenchmarkResult>();
        foreach (RetrievalBenchmarkCase benchmark in DefaultCases(Environment.ProcessorCount))
        {
            Console.Error.WriteLine($"running {benchmark}");
            RetrievalBenchmarkResult result = RunChild(benchmark);
            Console.Error.WriteLine($"  {result.EvaluateSeconds:F2} s, peak {result.PeakWorkingSetMegabytes:F0} MB: {result.Summary}");
            results.Add(result);
        }
        string table = Markdown(results);
        Console.WriteLine(table);
        if (outputPath is not null)
        {
            string temporary = outputPath + ".tmp";
            File.WriteAllText(temporary, table);
            File.Move(temporary, outputPath, overwrite: true);
        }
        return 0;
    }

    private static RetrievalBenchmarkResult RunChild(RetrievalBenchmarkCase benchmark)
    {
        return JsonSerializer.Deserialize<RetrievalBenchmarkResult>(BenchChildProcess.RunForLastLine(benchmark.ToArguments()))!;
    }

    /// <summary>The machine's load average (Linux), so a table measured on a busy machine says so.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Markdown(IReadOnlyList<RetrievalBenchmarkResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}; " +
                                                       $"measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average at the end (1/5/15 min): {LoadAverage()}.");
        text.AppendLine();
        text.AppendLine("| problem | images × captions | dim | workers | Evaluate wall (s) | Evaluate CPU (s) | ToRankingData t2i + Ranking.Evaluate (s) | input (MB) | allocated by Evaluate (MB) | working set before → peak (MB) | dense score matrix would be (MB) | result |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (RetrievalBenchmarkResult r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Images:N0} × {r.Captions:N0} | {r.Dimension} | {r.Workers} | {r.EvaluateSeconds:F2} | {r.EvaluateCpuSeconds:F2} | {r.RankingDataSeconds:F2} | " +
                $"{r.InputMegabytes:F1} | {r.AllocatedMegabytes:F1} | {r.BaselineWorkingSetMegabytes:F0} → {r.PeakWorkingSetMegabytes:F0} | {r.DenseScoreMatrixMegabytes:F0} | {r.Summary.Replace("|", "·")} |");
        }
        return text.ToString();
    }
}
