namespace PriorClip.MLNet.Data;

/// <summary>Positions of the configured columns in a CSV header; a named column that is absent is an error.</summary>
internal sealed class CsvColumns
{
    public CsvColumns(CsvRecord header, string file, char separator, DatasetReadOptions options)
    {
        Image = Find(header, file, separator, options.CsvImageColumn, nameof(options.CsvImageColumn));
        Caption = Find(header, file, separator, options.CsvCaptionColumn, nameof(options.CsvCaptionColumn));
        Scene = options.CsvSceneColumn is null ? null : Find(header, file, separator, options.CsvSceneColumn, nameof(options.CsvSceneColumn));
        Split = options.CsvSplitColumn is null ? null : Find(header, file, separator, options.CsvSplitColumn, nameof(options.CsvSplitColumn));
    }

    public int Image { get; }

    public int Caption { get; }

    public int? Scene { get; }

    public int? Split { get; }

    private static int Find(CsvRecord header, string file, char separator, string name, string option)
    {
        var names = header.Fields.Select(field => field.Trim()).ToList();
        var index = names.FindIndex(field => field == name);
        if (index < 0)
        {
            index = names.FindIndex(field => string.Equals(field, name, StringComparison.OrdinalIgnoreCase));
        }

        if (index >= 0)
        {
            return index;
        }

        var shown = separator == '\t' ? "\\t" : separator.ToString();
        throw new DatasetFormatException(new SourceLocation(file, "header", null, header.Line, 1).Problem(
            DatasetProblemKind.MissingField,
            $"column '{name}' (DatasetReadOptions.{option}) is not in the header; found: {string.Join(", ", names.Select(n => $"'{n}'"))} "
            + $"(separator '{shown}', DatasetReadOptions.CsvSeparator)"));
    }
}
