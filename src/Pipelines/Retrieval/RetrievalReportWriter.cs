using System.Text;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Writes a report folder (metrics.json, report.md, report.html) atomically: everything is written
/// into a temporary sibling folder which then replaces the target, so a reader never sees a
/// half-written report.
/// </summary>
public static class RetrievalReportWriter
{
    /// <summary>Writes the report of <paramref name="metrics"/> to <paramref name="folder"/>, replacing an existing one.</summary>
    /// <param name="metrics">Result of <see cref="RetrievalCatalog"/>'s <c>Evaluate</c>.</param>
    /// <param name="folder">Target folder; its parent must exist.</param>
    /// <param name="options">NDCG, image paths and caption texts for the gallery, chart limits.</param>
    public static void Write(RetrievalMetrics metrics, string folder, RetrievalReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        options ??= new RetrievalReportOptions();
        string target = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent))
            throw new DirectoryNotFoundException($"Cannot write the report to '{target}': its parent folder '{parent}' does not exist.");
        string name = Path.GetFileName(target);
        string temporary = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.tmp");
        string previous = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.old");
        try
        {
            Directory.CreateDirectory(temporary);
            File.WriteAllBytes(Path.Combine(temporary, "metrics.json"), RetrievalMetricsJson.Serialize(metrics, options));
            File.WriteAllText(Path.Combine(temporary, "report.md"), RetrievalReportMarkdown.Build(metrics, options), Encoding.UTF8);
            File.WriteAllText(Path.Combine(temporary, "report.html"), RetrievalReportHtml.Build(metrics, options), Encoding.UTF8);
            if (Directory.Exists(target))
                Directory.Move(target, previous);
            Directory.Move(temporary, target);
            if (Directory.Exists(previous))
                Directory.Delete(previous, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temporary))
                Directory.Delete(temporary, recursive: true);
            if (Directory.Exists(previous) && !Directory.Exists(target))
                Directory.Move(previous, target);
            throw;
        }
    }

    /// <summary>Writes only metrics.json (the report's machine-readable part) to <paramref name="path"/>, atomically.</summary>
    /// <param name="metrics">The metrics.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="options">NDCG and training curve to include, if any.</param>
    public static void WriteMetricsJson(RetrievalMetrics metrics, string path, RetrievalReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        PriorClip.MLNet.IO.AtomicFile.WriteAllBytes(path, RetrievalMetricsJson.Serialize(metrics, options ?? new RetrievalReportOptions()));
    }
}
