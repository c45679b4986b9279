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

        // The parser accepts invalid UTF-8 inside strings and fails only when one is read, without a position.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            var chars = new char[bytes.Length];
            System.Text.Unicode.Utf8.ToUtf16(bytes.Span, chars, out int valid, out _, replaceInvalidSequences: false);
            var before = bytes.Span[..valid];
            int line = before.Count((byte)'\n') + 1;
            int column = valid - (before.LastIndexOf((byte)'\n') + 1) + 1;
            throw new DatasetFormatException(new DatasetProblem(DatasetProblemKind.MalformedJson, file, null, null, line, column,
                $"malformed JSON: invalid UTF-8 (byte 0x{bytes.Span[valid]:X2} at offset {valid}); save the file as UTF-8", DatasetProblemOutcome.Error));
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
