using System.Text.Json;
using System.Text.Json.Serialization;
using PriorClip.MLNet.IO;

namespace PriorClip.MLNet.Search.Metadata;

/// <summary>
/// <c>image_metadata.jsonl</c> next to an archive's <c>images.npy</c>: one JSON object per row, in row order
/// (<see cref="ArchiveItem"/>: <c>id</c>, optional <c>path</c>, <c>tile</c> [x, y, w, h], <c>bbox</c> [min lon, min lat,
/// max lon, max lat], <c>date</c>, <c>class</c>). JSON lines, so a file of a million rows is read and written as a stream
/// and a broken line is reported by its number.
/// </summary>
public static class ArchiveMetadataFile
{
    /// <summary>The file name in an archive folder.</summary>
    public const string FileName = "image_metadata.jsonl";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the rows (atomically).</summary>
    public static void Write(string path, IEnumerable<ArchiveItem> items) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            foreach (var item in items) writer.Write(JsonSerializer.Serialize(item, Json) + "\n");
        });

    /// <summary>Reads the rows; a bad line throws <see cref="InvalidDataException"/> naming the file, the line and what is wrong.</summary>
    public static IReadOnlyList<ArchiveItem> Read(string path)
    {
        var items = new List<ArchiveItem>();
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0) continue;
            ArchiveItem? item;
            try
            {
                item = JsonSerializer.Deserialize<ArchiveItem>(text, Json);
            }
            catch (JsonException e) when (e.Message.Contains("missing required properties", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}, line {line}: the row has no id", e);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}, line {line}, column {e.BytePositionInLine + 1}: {e.Message.Split(" Path:")[0]}", e);
            }
            if (item is null || string.IsNullOrEmpty(item.Id)) throw new InvalidDataException($"{path}, line {line}: the row has no id");
            if (item.Bbox is { } b && (b.Length != 4 || b[0] > b[2] || b[1] > b[3] || b.Any(v => !double.IsFinite(v))))
                throw new InvalidDataException($"{path}, line {line}: bbox must be [min lon, min lat, max lon, max lat], got [{string.Join(", ", b)}]");
            if (item.Tile is { Length: not 4 } t) throw new InvalidDataException($"{path}, line {line}: tile must be [x, y, width, height], got {t.Length} numbers");
            items.Add(item);
        }
        return items;
    }
}
