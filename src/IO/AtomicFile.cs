namespace PriorClip.MLNet.IO;

/// <summary>
/// Writes files so that readers see either the old content or the complete new content, never
/// a partial file: data goes to a temporary file in the same folder, is flushed to disk, and is
/// then renamed over the target (an atomic replace on POSIX file systems).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; the stream it gets may be closed by it.</summary>
    /// <param name="path">Destination file; its folder is created if needed.</param>
    /// <param name="write">Writes the complete new content.</param>
    /// <param name="durable">
    /// Flush the content to the disk before the rename, so that even a power cut cannot leave a
    /// renamed but empty file. Costly per file: pass false for thousands of small files (an
    /// interrupted process still never leaves a partial file under the final name).
    /// </param>
    public static void Write(string path, Action<Stream> write, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // Some writers (TorchSharp's Module.save) close the stream they are given; the
                // wrapper keeps the file open so it can be flushed to disk before the rename.
                using (var guarded = new NonClosingStream(file))
                    write(guarded);
                file.Flush(flushToDisk: durable);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Atomically writes <paramref name="bytes"/> (see <see cref="Write"/> for <paramref name="durable"/>).</summary>
    public static void WriteAllBytes(string path, byte[] bytes, bool durable = true) => Write(path, s => s.Write(bytes), durable);

    /// <summary>Atomically writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        Write(path, s =>
        {
            using var writer = new StreamWriter(s, new System.Text.UTF8Encoding(false));
            writer.Write(text);
        });
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
