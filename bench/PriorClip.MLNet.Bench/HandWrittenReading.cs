namespace PriorClip.MLNet.Bench;

/// <summary>
/// Results pages that are generated tables followed by a hand-written reading of them: a rerun replaces what stands
/// above the marker line and keeps what stands below it.
/// </summary>
internal static class HandWrittenReading
{
    static string Marker(string command) => $"<!-- Written by hand below this line; `{command}` keeps it and replaces what stands above. -->";

    /// <summary>The generated text, then the hand-written reading the file already holds, if any.</summary>
    public static string Merge(string markdownPath, string generated, string command)
    {
        string marker = Marker(command), reading = "";
        if (File.Exists(markdownPath))
        {
            string old = File.ReadAllText(markdownPath);
            int at = old.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) reading = old[(at + marker.Length)..];
        }
        return generated + "\n" + marker + reading;
    }
}
