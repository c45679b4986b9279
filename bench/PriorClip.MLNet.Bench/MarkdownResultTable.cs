using System.Diagnostics;
using System.Text;
using PriorClip.MLNet.IO;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// A results file that is a preamble and one markdown table whose rows are keyed by their first cell: a run adds
/// its row or replaces the row of the same key, and the file is rewritten atomically.
/// </summary>
internal static class MarkdownResultTable
{
    public static void Upsert(string path, string preamble, string header, string key, string row)
    {
        var rows = new List<string>();
        if (File.Exists(path))
        {
            bool inTable = false;
            foreach (string line in File.ReadAllLines(path))
            {
                if (line == header.Split('\n')[0]) { inTable = true; continue; }
                if (inTable && line.StartsWith("|---", StringComparison.Ordinal)) continue;
                if (inTable && line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith($"| {key} |", StringComparison.Ordinal)) rows.Add(line);
            }
        }
        rows.Add(row);
        var text = new StringBuilder(preamble).Append('\n').Append(header.TrimEnd('\n')).Append('\n');
        foreach (var r in rows) text.Append(r).Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The working tree's commit, with "+" when tracked files are modified; "unknown" without git.</summary>
    public static string Commit()
    {
        try
        {
            string hash = Git("rev-parse --short HEAD");
            return Git("status --porcelain --untracked-files=no").Length > 0 ? hash + "+" : hash;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }

        static string Git(string arguments)
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
    }

    /// <summary>Cores, OS, .NET and LibTorch threads, for a results file's preamble.</summary>
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, torch threads {TorchSharp.torch.get_num_threads()}, " +
        $"load average {(File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown")}";
}
