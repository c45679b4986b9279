namespace PriorClip.MLNet.Transforms.Tokenization;

/// <summary>
/// GPT-2/CLIP's <c>bytes_to_unicode</c>: every byte gets a printable character; printable Latin-1 bytes map
/// to themselves, the other 68 bytes to U+0100 onwards, in byte order.
/// </summary>
internal static class ByteLevel
{
    /// <summary>The 256 characters in CLIP's vocabulary order (the printable bytes first, then the rest).</summary>
    internal static IReadOnlyList<string> Alphabet { get; } = Build();

    private static string[] Build()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        var order = new List<string>(256);
        for (int b = 0; b < 256; b++)
            if (Printable(b)) order.Add(((char)b).ToString());
        int n = 0;
        for (int b = 0; b < 256; b++)
            if (!Printable(b)) order.Add(((char)(256 + n++)).ToString());
        return order.ToArray();
    }
}
