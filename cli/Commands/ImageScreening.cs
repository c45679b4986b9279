using PriorClip.MLNet.Data.Images;
using PriorClip.MLNet.IO;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>encode</c>'s check of its image files before encoding (<see cref="ImageFileCheck"/>): ML.NET would stop at an
/// unreadable file without naming it, and would encode a truncated one with black rows. Unusable files are skipped with a
/// count and their list (printed, and kept in <c>OUTPUT/skipped_images.txt</c>), or, with <c>--strict-images</c>, stop the run.
/// </summary>
internal static class ImageScreening
{
    /// <summary>The list of skipped files, one "path: reason" per line, written next to the embeddings.</summary>
    public const string SkippedFile = "skipped_images.txt";
    const int Shown = 10;

    /// <summary>The items whose image file is usable, in order.</summary>
    public static List<T> Keep<T>(List<T> items, Func<T, string> path, bool strict, string outFolder)
    {
        var (_, problems) = ImageFileCheck.Screen(items.Select(path).ToList());
        string skippedPath = Path.Combine(outFolder, SkippedFile);
        if (problems.Count == 0)
        {
            if (File.Exists(skippedPath)) File.Delete(skippedPath); // from an earlier run over other files
            return items;
        }
        var lines = problems.Select(p => p.ToString()).ToList();
        string shown = string.Join("\n", lines.Take(Shown).Select(l => "  " + l)) + (lines.Count > Shown ? $"\n  … and {lines.Count - Shown} more" : "");
        if (strict)
            throw new InvalidDataException($"{problems.Count} of {items.Count} image files cannot be used (--strict-images):\n{shown}");
        Directory.CreateDirectory(outFolder);
        AtomicFile.WriteAllText(skippedPath, string.Join('\n', lines) + "\n");
        Console.WriteLine($"Skipped {problems.Count} of {items.Count} image files that cannot be used (all in {skippedPath}):\n{shown}");
        var bad = problems.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        var kept = items.Where(i => !bad.Contains(path(i))).ToList();
        if (kept.Count == 0) throw new InvalidDataException($"none of the {items.Count} image files can be used:\n{shown}");
        return kept;
    }
}
