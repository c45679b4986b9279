namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Splits a raw caption into the lower-case word tokens of the Karpathy JSON (punctuation dropped).</summary>
internal static class CaptionTokenizer
{
    public static IReadOnlyList<string> Tokenize(string raw) =>
        raw.ToLowerInvariant()
            .Split([' ', ',', '.', ';', ':', '!', '?'], StringSplitOptions.RemoveEmptyEntries)
            .ToList();
}
