using System.IO.Compression;

namespace PriorClip.MLNet.IO;

/// <summary>Checks every entry of a zip file against its recorded CRC-32 (.NET's zip reader does not).</summary>
public static class ZipIntegrity
{
    /// <summary>Throws <see cref="InvalidDataException"/> naming the file and the first entry whose bytes do not match its CRC-32.</summary>
    public static void Verify(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var stream = new Crc32Stream(entry.Open());
            stream.Drain();
            if (stream.Value != entry.Crc32)
                throw new InvalidDataException($"'{path}': entry '{entry.FullName}' is corrupted (CRC-32 {stream.Value:X8}, the zip records {entry.Crc32:X8})");
        }
    }
}
