namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Writes files so that readers only ever see the old file or the complete new one.</summary>
internal static class AtomicFile
{
    /// <summary>Writes to a temporary sibling, then renames it over <paramref name="path"/>.</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="bytes">Complete new content.</param>
    /// <param name="durable">
    /// Also flush the content to the disk before the rename, so even a power cut cannot leave a
    /// renamed but empty file. Costly per file: used for the JSON, not for the thousands of images
    /// (an interrupted process still never leaves a partial image under its final name).
    /// </param>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool durable = false)
    {
        string temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
