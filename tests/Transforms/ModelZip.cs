using System.IO.Compression;
using PriorClip.MLNet.Transforms.Persistence;

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

    /// <summary>
    /// Parses the first PriorClip component of a saved model straight from the .zip (no ML.NET load, so
    /// unregistered test components can be read). Dispose the archive after using the reader.
    /// </summary>
    internal static (PriorClipModelReader Reader, ZipArchive Archive) OpenComponent(string zipPath, string kind)
    {
        var archive = ZipFile.OpenRead(zipPath);
        foreach (var entry in archive.Entries.Where(e => e.Name == "Model.key"))
        {
            byte[] bytes = ReadAll(entry);
            int at = MagicIndex(bytes);
            if (at < 0) continue;
            string dir = entry.FullName[..^(entry.Name.Length + 1)];
            var reader = PriorClipModelReader.ReadHeader(new BinaryReader(new MemoryStream(bytes[at..])), kind, (name, consume) =>
            {
                var blob = archive.GetEntry(dir + "/" + name);
                if (blob is null) return false;
                using var s = blob.Open();
                consume(s);
                return true;
            });
            return (reader, archive);
        }
        archive.Dispose();
        throw new InvalidOperationException($"No PriorClip component in {zipPath}.");
    }

    internal static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
