using System.IO.Compression;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>Edits entries of a saved model .zip to simulate foreign, damaged or newer models.</summary>
internal static class ModelZip
{
    internal static string[] EntryNames(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>Rewrites the first entry whose name ends with <paramref name="suffix"/> and whose bytes satisfy <paramref name="select"/>.</summary>
    internal static void Rewrite(string zipPath, string suffix, Func<byte[], byte[]?> edit)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal)).ToList())
        {
            byte[] bytes;
            using (var s = entry.Open())
            using (var ms = new MemoryStream())
            {
                s.CopyTo(ms);
                bytes = ms.ToArray();
            }
            byte[]? edited = edit(bytes);
            if (edited is null) continue;
            string name = entry.FullName;
            entry.Delete();
            using var w = zip.CreateEntry(name).Open();
            w.Write(edited);
            return;
        }
        throw new InvalidOperationException($"No entry ending with '{suffix}' was edited in {zipPath}.");
    }

    /// <summary>Index of our header magic in a model entry, or -1.</summary>
    internal static int MagicIndex(byte[] bytes) => bytes.AsSpan().IndexOf("PRCLIPMD"u8);
}
