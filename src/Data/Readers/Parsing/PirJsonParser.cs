using System.Text.Json;

namespace PriorClip.MLNet.Data;

/// <summary>
/// Parses PIR-style per-split JSON: a list of <c>{"image","caption"}</c>. Train files hold one
/// entry per caption (<c>caption</c> a string, plus <c>image_id</c>, <c>label_name</c>,
/// <c>label</c>); entries of the same image are merged. Val/test files hold one entry per image
/// with <c>caption</c> a list; such an image appearing twice is a duplicate. <c>label_name</c>,
/// when present, is the scene class; <c>image_id</c> and <c>label</c> are ignored (the image id
/// comes from the file name so that it is the same in every format).
/// </summary>
internal static class PirJsonParser
{
    public static List<RawImage> Parse(
        string file, string? fileSplit, DatasetReadOptions options, ImagePathResolver resolver, ProblemSink sink)
    {
        using var document = JsonFileLoader.Load(file);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(new SourceLocation(file, null, null).Problem(
                DatasetProblemKind.UnrecognizedFormat,
                $"expected a JSON array of {{\"image\",\"caption\"}} entries (PIR format), found a {root.ValueKind.ToString().ToLowerInvariant()}"));
        }

        var result = new List<RawImage>();
        var perCaptionImages = new Dictionary<string, RawImage>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in root.EnumerateArray())
        {
            ParseEntry(file, index++, entry, fileSplit, options, resolver, sink, result, perCaptionImages);
        }

        return result;
    }

    private static void ParseEntry(
        string file, int index, JsonElement entry, string? fileSplit, DatasetReadOptions options,
        ImagePathResolver resolver, ProblemSink sink, List<RawImage> result, Dictionary<string, RawImage> perCaptionImages)
    {
        var entryPath = $"[{index}]";
        var bare = new SourceLocation(file, entryPath, null);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            sink.Handle(options.MalformedEntries, bare.Problem(DatasetProblemKind.MissingField, "entry is not an object"));
            return;
        }

        var fileName = JsonFileLoader.GetString(entry, "image");
        if (string.IsNullOrWhiteSpace(fileName))
        {
            sink.Handle(options.MalformedEntries, bare.Problem(
                DatasetProblemKind.MissingField, "required field 'image' is missing, empty or not a string"));
            return;
        }

        var location = bare with { ImageFileName = fileName };
        var captions = ReadCaptions(entry, location, options, sink, out var isList);
        if (captions is null)
        {
            return;
        }

        var label = JsonFileLoader.GetString(entry, "label_name");
        var sceneClass = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (!isList && perCaptionImages.TryGetValue(fileName, out var known))
        {
            if (sceneClass is not null && known.SceneClass is not null && sceneClass != known.SceneClass)
            {
                sink.Handle(options.DuplicateImages, location.Problem(
                    DatasetProblemKind.InconsistentImage,
                    $"label_name '{sceneClass}' differs from '{known.SceneClass}' given for the same image at {known.Location.Describe()}"));
                return;
            }

            // Only some rows of an image may carry label_name; any one of them names the class.
            known.SceneClass ??= sceneClass;
            known.Captions.AddRange(captions);
            return;
        }

        var image = new RawImage(fileName, location, resolver) { SplitName = fileSplit, SceneClass = sceneClass };
        image.Captions.AddRange(captions);
        result.Add(image);
        if (!isList)
        {
            perCaptionImages[fileName] = image;
        }
    }

    private static List<RawCaption>? ReadCaptions(
        JsonElement entry, SourceLocation location, DatasetReadOptions options, ProblemSink sink, out bool isList)
    {
        isList = false;
        if (!entry.TryGetProperty("caption", out var caption)
            || caption.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            sink.Handle(options.MalformedEntries, location.Problem(
                DatasetProblemKind.MissingField, "required field 'caption' is missing or neither a string nor a list of strings"));
            return null;
        }

        var captionLocation = location with { Entry = location.Entry + ".caption" };
        if (caption.ValueKind == JsonValueKind.String)
        {
            return [new RawCaption(caption.GetString(), captionLocation)];
        }

        isList = true;
        var captions = new List<RawCaption>();
        var index = 0;
        foreach (var item in caption.EnumerateArray())
        {
            var itemLocation = location with { Entry = $"{captionLocation.Entry}[{index++}]" };
            if (item.ValueKind != JsonValueKind.String)
            {
                sink.Handle(options.MalformedEntries, itemLocation.Problem(DatasetProblemKind.MissingField, "caption is not a string"));
                continue;
            }

            captions.Add(new RawCaption(item.GetString(), itemLocation));
        }

        return captions;
    }
}
