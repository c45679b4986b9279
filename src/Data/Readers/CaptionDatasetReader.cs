namespace PriorClip.MLNet.Data;

/// <summary>
/// Reads image–caption datasets (Karpathy-style JSON, PIR-style per-split JSON, CSV/TSV) into a
/// <see cref="CaptionDataset"/>, one <see cref="DatasetImage"/> per image.
/// <para>
/// Rules shared by all formats: splits are train, val, test (restval → train; anything else is
/// an error); the image id is the file name as written without its extension; the scene class is
/// an explicit value when the file has one, else <see cref="SceneClassNames.FromFileName"/>; image
/// files are looked up as <see cref="DatasetReadOptions.ImageFolder"/> says; images with fewer
/// than <see cref="DatasetReadOptions.ExpectedCaptionsPerImage"/> captions are reported and, by
/// default, kept. Problems fail the load with a <see cref="DatasetFormatException"/> (naming file
/// and entry) unless the matching option says to skip them, in which case they are counted in
/// <see cref="CaptionDataset.Report"/>.
/// </para>
/// </summary>
public static class CaptionDatasetReader
{
    /// <summary>Reads one dataset file, detecting its format unless <see cref="DatasetReadOptions.Format"/> is set.</summary>
    /// <param name="path">The dataset file.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The data set with its load report.</returns>
    /// <exception cref="DatasetFormatException">The file breaks a rule whose policy is <c>Error</c>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">The explicit image folder does not exist.</exception>
    public static CaptionDataset Read(string path, DatasetReadOptions? options = null) =>
        ReadFiles([path], options ?? new DatasetReadOptions(), forcedFormat: null);

    /// <summary>
    /// Reads several dataset files into one data set (e.g. PIR's <c>rsitmd_train.json</c>,
    /// <c>rsitmd_val.json</c>, <c>rsitmd_test.json</c>); an image in two files is a duplicate.
    /// Each file's format is detected unless <see cref="DatasetReadOptions.Format"/> is set, and
    /// each file's images are looked up relative to that file.
    /// </summary>
    /// <param name="paths">The dataset files.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <returns>The data set with its load report.</returns>
    public static CaptionDataset ReadMany(IEnumerable<string> paths, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("No dataset files given.", nameof(paths));
        }

        return ReadFiles(list, options ?? new DatasetReadOptions(), forcedFormat: null);
    }

    /// <summary>Reads a Karpathy-style JSON file (RSICD, RSITMD, UCM-Captions, Sydney-Captions).</summary>
    /// <param name="path">E.g. <c>dataset_rsicd.json</c>.</param>
    /// <param name="options">Options (its <see cref="DatasetReadOptions.Format"/> is ignored); null for the defaults.</param>
    /// <returns>The data set with its load report.</returns>
    public static CaptionDataset ReadKarpathyJson(string path, DatasetReadOptions? options = null) =>
        ReadFiles([path], options ?? new DatasetReadOptions(), DatasetFormat.Karpathy);

    /// <summary>Reads a PIR-style per-split JSON file; the split comes from
    /// <see cref="DatasetReadOptions.Split"/> or else the file name (<c>rsitmd_train.json</c> → train).</summary>
    /// <param name="path">E.g. <c>rsitmd_test.json</c>.</param>
    /// <param name="options">Options (its <see cref="DatasetReadOptions.Format"/> is ignored); null for the defaults.</param>
    /// <returns>The data set with its load report.</returns>
    public static CaptionDataset ReadPirJson(string path, DatasetReadOptions? options = null) =>
        ReadFiles([path], options ?? new DatasetReadOptions(), DatasetFormat.Pir);

    /// <summary>Reads a delimited file with a header row, one row per caption; columns and separator
    /// come from the <c>Csv…</c> options.</summary>
    /// <param name="path">A <c>.csv</c> or <c>.tsv</c> file.</param>
    /// <param name="options">Options (its <see cref="DatasetReadOptions.Format"/> is ignored); null for the defaults.</param>
    /// <returns>The data set with its load report.</returns>
    public static CaptionDataset ReadCsv(string path, DatasetReadOptions? options = null) =>
        ReadFiles([path], options ?? new DatasetReadOptions(), DatasetFormat.Csv);

    /// <summary>The format <see cref="Read"/> would use for a file under <see cref="DatasetFormat.Auto"/>.</summary>
    /// <param name="path">The dataset file.</param>
    /// <returns><see cref="DatasetFormat.Karpathy"/>, <see cref="DatasetFormat.Pir"/> or <see cref="DatasetFormat.Csv"/>.</returns>
    public static DatasetFormat DetectFormat(string path) => DatasetFormatDetector.Detect(RequireFile(path));

    private static CaptionDataset ReadFiles(IReadOnlyList<string> paths, DatasetReadOptions options, DatasetFormat? forcedFormat)
    {
        Validate(options);
        var sink = new ProblemSink();
        var rawImages = new List<RawImage>();
        var sources = new List<string>();
        var formats = new HashSet<DatasetFormat>();
        foreach (var path in paths)
        {
            var file = RequireFile(path);
            var format = forcedFormat ?? (options.Format == DatasetFormat.Auto ? DatasetFormatDetector.Detect(file) : options.Format);
            var resolver = new ImagePathResolver(file, options.ImageFolder);
            rawImages.AddRange(format switch
            {
                DatasetFormat.Karpathy => KarpathyJsonParser.Parse(file, options, resolver, sink),
                DatasetFormat.Pir => PirJsonParser.Parse(file, PirFileSplit(file, options), options, resolver, sink),
                _ => CsvDatasetParser.Parse(file, options.Split ?? DatasetSplits.FromFileName(file), options, resolver, sink),
            });
            sources.Add(file);
            formats.Add(format);
        }

        return DatasetAssembler.Assemble(formats.Count == 1 ? formats.Single() : DatasetFormat.Auto, sources, rawImages, options, sink);
    }

    /// <summary>PIR entries carry no split, so a file without one in the option or its name cannot be read.</summary>
    private static string PirFileSplit(string file, DatasetReadOptions options) =>
        options.Split ?? DatasetSplits.FromFileName(file) ?? throw new DatasetFormatException(
            new SourceLocation(file, null, null).Problem(
                DatasetProblemKind.UnknownSplit,
                $"cannot tell the split of PIR file '{Path.GetFileName(file)}': its name contains none of train, val, test; set DatasetReadOptions.Split"));

    private static string RequireFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = Path.GetFullPath(path);
        return File.Exists(file) ? file : throw new FileNotFoundException($"Dataset file '{file}' does not exist.", file);
    }

    private static void Validate(DatasetReadOptions options)
    {
        if (options.Split is not null && DatasetSplits.TryNormalize(options.Split) is null)
        {
            throw new ArgumentException(
                $"DatasetReadOptions.Split '{options.Split}' is not a split: expected train, val or test (restval is read as train).", nameof(options));
        }

        if (options.ExpectedCaptionsPerImage < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ExpectedCaptionsPerImage, "DatasetReadOptions.ExpectedCaptionsPerImage must be at least 1.");
        }

        if (options.CsvSeparator is '"' or '\r' or '\n')
        {
            throw new ArgumentException("DatasetReadOptions.CsvSeparator cannot be a quote or a line break.", nameof(options));
        }

        if (options.ReportExampleCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReportExampleCount, "DatasetReadOptions.ReportExampleCount cannot be negative.");
        }
    }
}
