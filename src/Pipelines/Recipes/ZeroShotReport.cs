using System.Globalization;
using System.Text;
using System.Text.Json;
using PriorClip.MLNet.IO;

namespace PriorClip.MLNet.Pipelines.Recipes;

/// <summary>Writes a zero-shot result as <c>zeroshot.json</c> and <c>zeroshot.md</c> (metrics, per-class accuracy, confusion table).</summary>
public static class ZeroShotReport
{
    /// <summary>Writes both files into <paramref name="folder"/> (created if needed), each atomically.</summary>
    public static void Write(ZeroShotResult result, string folder, string title)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var m = result.Metrics;
        var counts = m.ConfusionMatrix.Counts;
        var perClass = result.ClassNames.Select((name, i) => new
        {
            @class = name,
            images = counts[i].Sum(),
            accuracy = counts[i].Sum() == 0 ? (double?)null : 100.0 * counts[i][i] / counts[i].Sum(),
        }).ToList();
        var json = new
        {
            title,
            images = result.Images,
            skipped_without_class = result.SkippedWithoutClass,
            templates = result.Classifier.Templates,
            accuracy = 100 * m.MicroAccuracy,
            macro_accuracy = 100 * m.MacroAccuracy,
            log_loss = m.LogLoss,
            classes = result.ClassNames,
            per_class = perClass,
            confusion = counts.Select(r => r.ToArray()).ToArray(),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "zeroshot.json"), JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "zeroshot.md"), Markdown(result, title));
    }

    /// <summary>The markdown report: summary line, per-class accuracy and the confusion table (rows = true class).</summary>
    public static string Markdown(ZeroShotResult result, string title)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = result.Metrics;
        var counts = m.ConfusionMatrix.Counts;
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(title).AppendLine();
        string skipped = result.SkippedWithoutClass > 0 ? string.Create(inv, $"; {result.SkippedWithoutClass} images without a class skipped") : "";
        sb.AppendLine(inv, $"{result.Images} images, {result.ClassNames.Count} classes, {result.Classifier.Templates.Count} prompt templates averaged per class{skipped}.").AppendLine();
        sb.AppendLine(inv, $"**Accuracy {100 * m.MicroAccuracy:F2} %**, macro accuracy {100 * m.MacroAccuracy:F2} %, log-loss {m.LogLoss:F4} (ML.NET's multiclass evaluator).").AppendLine();
        sb.AppendLine("Confusion (rows: true class, columns: predicted; last column: the row's accuracy):").AppendLine();
        sb.Append("| true \\ predicted |");
        foreach (var c in result.ClassNames) sb.Append(inv, $" {c} |");
        sb.AppendLine(" accuracy |");
        sb.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", result.ClassNames.Count + 1))).AppendLine();
        for (int i = 0; i < result.ClassNames.Count; i++)
        {
            double total = counts[i].Sum();
            sb.Append(inv, $"| {result.ClassNames[i]} |");
            for (int j = 0; j < result.ClassNames.Count; j++) sb.Append(inv, $" {(i == j ? $"**{counts[i][j]}**" : counts[i][j].ToString(inv))} |");
            sb.AppendLine(total == 0 ? " – |" : string.Create(inv, $" {100 * counts[i][i] / total:F1} % |"));
        }
        return sb.ToString();
    }
}
