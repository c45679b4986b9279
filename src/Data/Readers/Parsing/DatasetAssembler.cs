namespace PriorClip.MLNet.Data;

/// <summary>
/// Applies the rules shared by every format to parsed images, in this order: split name, duplicate
/// image id, empty captions, images left without captions, scene class, image file, short caption
/// lists. Builds the <see cref="CaptionDataset"/> and its report.
/// </summary>
internal static class DatasetAssembler
{
    public static CaptionDataset Assemble(
        DatasetFormat format, IReadOnlyList<string> sources, IEnumerable<RawImage> rawImages, DatasetReadOptions options, ProblemSink sink)
    {
        var images = new List<DatasetImage>();
        var firstById = new Dictionary<string, RawImage>(StringComparer.Ordinal);
        foreach (var raw in rawImages)
        {
            var image = Validate(raw, options, sink, firstById);
            if (image is not null)
            {
                images.Add(image);
            }
        }

        var shortLists = ShortCaptionLists.Apply(images, options);
        if (shortLists.Summary.ImageCount > 0)
        {
            sink.Add(shortLists.Problem(string.Join(", ", sources)));
        }

        var report = DatasetLoadReport.Create(format, sources, shortLists.Images, shortLists.Summary, sink.Problems);
        return new CaptionDataset(shortLists.Images, report);
    }

    private static DatasetImage? Validate(RawImage raw, DatasetReadOptions options, ProblemSink sink, Dictionary<string, RawImage> firstById)
    {
        var split = DatasetSplits.TryNormalize(raw.SplitName);
        if (split is null)
        {
            sink.Handle(options.MalformedEntries, raw.Location.Problem(
                DatasetProblemKind.UnknownSplit,
                raw.SplitName is null
                    ? "no split given (set DatasetReadOptions.Split)"
                    : $"unknown split '{raw.SplitName}': expected train, val or test (restval is read as train)"));
            return null;
        }

        var imageId = ImageIds.FromFileName(raw.FileName);
        if (firstById.TryGetValue(imageId, out var first))
        {
            sink.Handle(options.DuplicateImages, raw.Location.Problem(
                DatasetProblemKind.DuplicateImage,
                $"duplicate image: image id '{imageId}' already comes from {first.Location.Describe()}"
                + (first.Location.File == raw.Location.File ? "" : $" in '{first.Location.File}'")));
            return null;
        }

        firstById.Add(imageId, raw);
        var captions = new List<string>(raw.Captions.Count);
        foreach (var caption in raw.Captions)
        {
            if (string.IsNullOrWhiteSpace(caption.Text))
            {
                sink.Handle(options.EmptyCaptions, caption.Location.Problem(
                    DatasetProblemKind.EmptyCaption, "caption is empty or whitespace"));
                continue;
            }

            captions.Add(caption.Text.Trim());
        }

        if (captions.Count == 0)
        {
            sink.Add(raw.Location.Problem(
                DatasetProblemKind.NoCaptions, "image has no captions; left out", DatasetProblemOutcome.Skipped));
            return null;
        }

        var sceneClass = !string.IsNullOrWhiteSpace(raw.SceneClass) ? raw.SceneClass.Trim()
            : options.SceneClassFromFileName ? SceneClassNames.FromFileName(raw.FileName)
            : "";

        // A file name no file system accepts (a NUL byte, e.g. from a damaged file) is the entry's fault, not a path to look up.
        if (raw.FileName.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw new DatasetFormatException(raw.Location.Problem(DatasetProblemKind.MissingField,
                $"image file name '{raw.FileName.Replace("\0", "\\0", StringComparison.Ordinal)}' holds a character no path may contain"));

        if (!raw.Resolver.TryResolve(raw.FileName, out var path))
        {
            var problem = raw.Location.Problem(
                DatasetProblemKind.MissingImage, $"image file not found at '{path}' ({raw.Resolver.DescribeSearch(raw.FileName)})");
            switch (options.MissingImages)
            {
                case MissingImagePolicy.Error:
                    throw new DatasetFormatException(problem);
                case MissingImagePolicy.Skip:
                    sink.Add(problem with { Outcome = DatasetProblemOutcome.Skipped });
                    return null;
                default:
                    sink.Add(problem with { Outcome = DatasetProblemOutcome.Kept });
                    break;
            }
        }

        return new DatasetImage(imageId, raw.FileName, path, sceneClass, split, captions);
    }
}
