namespace PriorClip.MLNet.Data;

/// <summary>Makes the stable image id from the file name as written in the dataset.</summary>
internal static class ImageIds
{
    /// <summary><c>airport_1.jpg</c> → <c>airport_1</c>; <c>./sub\00012.png</c> → <c>sub/00012</c>.</summary>
    public static string FromFileName(string fileName)
    {
        var normalized = fileName.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        var slash = normalized.LastIndexOf('/');
        var dot = normalized.LastIndexOf('.');
        return dot > slash + 1 ? normalized[..dot] : normalized;
    }
}
