namespace PriorClip.MLNet.Data;

/// <summary>Tells a dataset file's format from its extension and first non-blank character.</summary>
internal static class DatasetFormatDetector
{
    public static DatasetFormat Detect(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension is ".csv" or ".tsv")
        {
            return DatasetFormat.Csv;
        }

        return FirstNonBlank(file) switch
        {
            '{' => DatasetFormat.Karpathy,
            '[' => DatasetFormat.Pir,
            // A .json file that starts with neither goes to the JSON parser, which says what is wrong.
            _ when extension == ".json" => DatasetFormat.Karpathy,
            _ => DatasetFormat.Csv,
        };
    }

    private static char? FirstNonBlank(string file)
    {
        // StreamReader drops a byte-order mark.
        using var reader = new StreamReader(file, detectEncodingFromByteOrderMarks: true);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (!char.IsWhiteSpace((char)c))
            {
                return (char)c;
            }
        }

        return null;
    }
}
