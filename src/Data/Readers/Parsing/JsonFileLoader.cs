using System.Text.Json;

namespace PriorClip.MLNet.Data;

/// <summary>Parses a JSON dataset file, turning syntax errors into <see cref="DatasetFormatException"/>s
/// with 1-based line and column.</summary>
internal static class JsonFileLoader
{
    public static JsonDocument Load(string file)
    {
        ReadOnlyMemory<byte> bytes = File.ReadAllBytes(file);
        // Utf8JsonReader rejects a byte-order mark; editors on Windows like to write one.
        if (bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            // The parser's message ends with its own 0-based "LineNumber: … | BytePositionInLine: …";
            // cut it so the message carries only our 1-based position.
            var reason = ex.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }

            var problem = new DatasetProblem(
                DatasetProblemKind.MalformedJson, file, null, null,
                ex.LineNumber + 1, ex.BytePositionInLine + 1,
                $"malformed JSON: {reason}", DatasetProblemOutcome.Error);
            throw new DatasetFormatException(problem, ex);
        }
    }

    /// <summary>The string value of a property; null when it is missing or not a string.</summary>
    public static string? GetString(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
