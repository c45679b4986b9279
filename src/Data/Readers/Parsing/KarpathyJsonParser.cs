using System.Text.Json;

namespace PriorClip.MLNet.Data;

/// <summary>
/// Parses Karpathy-style caption JSON: <c>{"images":[{"filename","split","sentences":[{"raw"}]}]}</c>.
/// Uses <c>raw</c> (not <c>tokens</c>); <c>filepath</c>, when present (COCO), is joined before the
/// file name; <c>imgid</c>, <c>sentids</c>, <c>tokens</c> and other fields are ignored.
/// </summary>
internal static class KarpathyJsonParser
{
    public static List<RawImage> Parse(string file, DatasetReadOptions options, ImagePathResolver resolver, ProblemSink sink)
    {
        using var document = JsonFileLoader.Load(file);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("images", out var images)
            || images.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(new SourceLocation(file, null, null).Problem(
                DatasetProblemKind.UnrecognizedFormat,
                $"expected a JSON object with an 'images' array (Karpathy format), found {Describe(root)}"));
        }

        var result = new List<RawImage>();
        var index = 0;
        foreach (var entry in images.EnumerateArray())
        {
            var image = ParseImage(file, $"images[{index}]", entry, options, resolver, sink);
            if (image is not null)
            {
                result.Add(image);
            }

            index++;
        }

        return result;
    }

    private static RawImage? ParseImage(
        string file, string entryPath, JsonElement entry, DatasetReadOptions options, ImagePathResolver resolver, ProblemSink sink)
    {
        var bare = new SourceLocation(file, entryPath, null);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            sink.Handle(options.MalformedEntries, bare.Problem(
                DatasetProblemKind.MissingField, $"entry is {Describe(entry)}, not an object"));
            return null;
        }

        var fileName = JsonFileLoader.GetString(entry, "filename");
        if (string.IsNullOrWhiteSpace(fileName))
        {
            sink.Handle(options.MalformedEntries, bare.Problem(
                DatasetProblemKind.MissingField, "required field 'filename' is missing, empty or not a string"));
            return null;
        }

        var folder = JsonFileLoader.GetString(entry, "filepath");
        if (!string.IsNullOrWhiteSpace(folder))
        {
            fileName = folder.TrimEnd('/', '\\') + "/" + fileName;
        }

        var location = bare with { ImageFileName = fileName };
        var image = new RawImage(fileName, location, resolver)
        {
            SplitName = JsonFileLoader.GetString(entry, "split") ?? options.Split,
        };
        if (image.SplitName is null)
        {
            sink.Handle(options.MalformedEntries, location.Problem(
                DatasetProblemKind.MissingField,
                "required field 'split' is missing or not a string (DatasetReadOptions.Split can supply one)"));
            return null;
        }

        if (!entry.TryGetProperty("sentences", out var sentences) || sentences.ValueKind != JsonValueKind.Array)
        {
            sink.Handle(options.MalformedEntries, location.Problem(
                DatasetProblemKind.MissingField, "required field 'sentences' is missing or not an array"));
            return null;
        }

        var sentenceIndex = 0;
        foreach (var sentence in sentences.EnumerateArray())
        {
            var captionLocation = location with { Entry = $"{entryPath}.sentences[{sentenceIndex++}]" };
            var raw = sentence.ValueKind == JsonValueKind.Object ? JsonFileLoader.GetString(sentence, "raw") : null;
            if (raw is null)
            {
                sink.Handle(options.MalformedEntries, captionLocation.Problem(
                    DatasetProblemKind.MissingField, "required field 'raw' is missing or not a string"));
                continue;
            }

            image.Captions.Add(new RawCaption(raw, captionLocation));
        }

        return image;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object without an 'images' array",
        JsonValueKind.Array => "an array (PIR-style JSON? use DatasetFormat.Pir or Auto)",
        _ => $"a {element.ValueKind.ToString().ToLowerInvariant()}",
    };
}
