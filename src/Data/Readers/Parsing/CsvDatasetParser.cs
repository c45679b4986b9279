namespace PriorClip.MLNet.Data;

/// <summary>
/// Parses a delimited caption file with a header row, one row per caption (open_clip's CSV
/// convention). Rows of the same image path are merged; they must agree on split and scene class.
/// Header names are matched exactly, then ignoring case. A row with only whitespace is skipped.
/// </summary>
internal static class CsvDatasetParser
{
    public static List<RawImage> Parse(
        string file, string? fileSplit, DatasetReadOptions options, ImagePathResolver resolver, ProblemSink sink)
    {
        var separator = options.CsvSeparator
            ?? (string.Equals(Path.GetExtension(file), ".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
        using var records = CsvRecordReader.Read(File.ReadAllText(file), separator, file).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new DatasetFormatException(new SourceLocation(file, null, null).Problem(
                DatasetProblemKind.UnrecognizedFormat, "the file is empty; expected a header row"));
        }

        var header = records.Current;
        var columns = new CsvColumns(header, file, separator, options);
        var result = new List<RawImage>();
        var byImage = new Dictionary<string, RawImage>(StringComparer.Ordinal);
        var recordIndex = 0;
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.Fields.Count == 1 && string.IsNullOrWhiteSpace(record.Fields[0]))
            {
                continue;
            }

            ParseRecord(file, recordIndex++, record, header.Fields.Count, columns, fileSplit, options, resolver, sink, result, byImage);
        }

        return result;
    }

    private static void ParseRecord(
        string file, int recordIndex, CsvRecord record, int fieldCount, CsvColumns columns, string? fileSplit,
        DatasetReadOptions options, ImagePathResolver resolver, ProblemSink sink, List<RawImage> result, Dictionary<string, RawImage> byImage)
    {
        var entry = $"record {recordIndex}";
        if (record.Fields.Count != fieldCount)
        {
            var column = record.Fields.Count > fieldCount ? record.FieldColumns[fieldCount] : record.EndColumn;
            var named = columns.Image < record.Fields.Count ? record.Fields[columns.Image].Trim() : null;
            sink.Handle(options.MalformedEntries, new SourceLocation(file, entry, NullIfEmpty(named), record.Line, column).Problem(
                DatasetProblemKind.WrongFieldCount,
                $"expected {fieldCount} fields (as in the header) but found {record.Fields.Count}"));
            return;
        }

        var fileName = record.Fields[columns.Image].Trim();
        var imageLocation = new SourceLocation(file, entry, NullIfEmpty(fileName), record.Line, record.FieldColumns[columns.Image]);
        if (fileName.Length == 0)
        {
            sink.Handle(options.MalformedEntries, imageLocation.Problem(
                DatasetProblemKind.MissingField, $"image column '{options.CsvImageColumn}' is empty"));
            return;
        }

        var split = columns.Split is int splitColumn ? NullIfEmpty(record.Fields[splitColumn].Trim()) : null;
        split ??= fileSplit;
        var scene = columns.Scene is int sceneColumn ? NullIfEmpty(record.Fields[sceneColumn].Trim()) : null;
        var caption = new RawCaption(
            record.Fields[columns.Caption], imageLocation with { Column = record.FieldColumns[columns.Caption] });

        if (byImage.TryGetValue(fileName, out var known))
        {
            var disagreement = Disagreement(known, split, scene);
            if (disagreement is not null)
            {
                sink.Handle(options.DuplicateImages, imageLocation.Problem(
                    DatasetProblemKind.InconsistentImage, $"{disagreement} for the same image at {known.Location.Describe()}"));
                return;
            }

            // Only some rows of an image may fill the scene column; any one of them names the class.
            known.SceneClass ??= scene;
            known.Captions.Add(caption);
            return;
        }

        var image = new RawImage(fileName, imageLocation, resolver) { SplitName = split, SceneClass = scene };
        image.Captions.Add(caption);
        byImage.Add(fileName, image);
        result.Add(image);
    }

    private static string? Disagreement(RawImage known, string? split, string? scene)
    {
        var knownSplit = DatasetSplits.TryNormalize(known.SplitName) ?? known.SplitName;
        var newSplit = DatasetSplits.TryNormalize(split) ?? split;
        if (knownSplit != newSplit)
        {
            return $"split '{split}' differs from '{known.SplitName}' given";
        }

        return scene is not null && known.SceneClass is not null && scene != known.SceneClass
            ? $"scene class '{scene}' differs from '{known.SceneClass}' given"
            : null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
