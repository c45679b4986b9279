using System.Security.Cryptography;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>SHA-256 of every file under a folder, keyed by relative path.</summary>
internal static class FileHashes
{
    public static SortedDictionary<string, string> Of(string root)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            hashes[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        return hashes;
    }
}
