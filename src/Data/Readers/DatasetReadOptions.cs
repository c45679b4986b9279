namespace PriorClip.MLNet.Data;

/// <summary>Options for <see cref="CaptionDatasetReader"/>. The defaults read the public RSICD,
/// RSITMD, UCM-Captions and Sydney-Captions files as they are distributed.</summary>
public sealed class DatasetReadOptions
{
    /// <summary>
    /// Folder that holds the image files. Null (the default) searches, for each image, the dataset
    /// file's folder and then its <c>images/</c> subfolder. RSICD ships its images in
    /// <c>RSICD_images/</c>: pass that folder here. A relative folder is taken relative to the
    /// current directory. Image names that are absolute paths are used as they are.
    /// </summary>
    public string? ImageFolder { get; set; }

    /// <summary>The file layout; <see cref="DatasetFormat.Auto"/> (the default) detects it.</summary>
    public DatasetFormat Format { get; set; } = DatasetFormat.Auto;

    /// <summary>
    /// The split of entries whose record names none: PIR files (whose split otherwise comes from
    /// the file name, <c>rsitmd_train.json</c> → train), CSV files without a split column (file
    /// name again as the fallback), Karpathy entries without <c>split</c>. One of train, val, test
    /// (restval is read as train).
    /// </summary>
    public string? Split { get; set; }

    /// <summary>CSV column with the image path (open_clip's <c>--csv-img-key</c>); default <c>filepath</c>.</summary>
    public string CsvImageColumn { get; set; } = "filepath";

    /// <summary>CSV column with the caption (open_clip's <c>--csv-caption-key</c>); default <c>title</c>.</summary>
    public string CsvCaptionColumn { get; set; } = "title";

    /// <summary>Optional CSV column with the scene class; a non-empty value overrides the file-name rule.</summary>
    public string? CsvSceneColumn { get; set; }

    /// <summary>Optional CSV column with the split; a non-empty value overrides <see cref="Split"/>.</summary>
    public string? CsvSplitColumn { get; set; }

    /// <summary>CSV field separator (open_clip's <c>--csv-separator</c>). Null (the default) means a
    /// tab for <c>.tsv</c> files and a comma otherwise.</summary>
    public char? CsvSeparator { get; set; }

    /// <summary>
    /// Derive the scene class from the image file name (default true), see
    /// <see cref="SceneClassNames.FromFileName"/>. An explicit class (PIR <c>label_name</c>, the CSV
    /// scene column) always wins. When false, images without an explicit class get an empty class.
    /// </summary>
    public bool SceneClassFromFileName { get; set; } = true;

    /// <summary>What to do when an image file is missing; default <see cref="MissingImagePolicy.Error"/>.</summary>
    public MissingImagePolicy MissingImages { get; set; } = MissingImagePolicy.Error;

    /// <summary>What to do with an empty or whitespace caption (<see cref="EntryProblemPolicy.Skip"/>
    /// drops that caption); default <see cref="EntryProblemPolicy.Error"/>.</summary>
    public EntryProblemPolicy EmptyCaptions { get; set; } = EntryProblemPolicy.Error;

    /// <summary>What to do with a second entry for the same image id (<see cref="EntryProblemPolicy.Skip"/>
    /// keeps the first); default <see cref="EntryProblemPolicy.Error"/>. Also covers rows of one
    /// image that disagree on split or scene class.</summary>
    public EntryProblemPolicy DuplicateImages { get; set; } = EntryProblemPolicy.Error;

    /// <summary>What to do with an entry that lacks a required field, names an unknown split, or (CSV)
    /// has the wrong number of fields; default <see cref="EntryProblemPolicy.Error"/>. Syntax errors
    /// (malformed JSON, broken CSV quoting) always fail.</summary>
    public EntryProblemPolicy MalformedEntries { get; set; } = EntryProblemPolicy.Error;

    /// <summary>The number of captions an image is expected to have (5 in RSICD, RSITMD, UCM and Sydney).</summary>
    public int ExpectedCaptionsPerImage { get; set; } = 5;

    /// <summary>What to do with images that have fewer than <see cref="ExpectedCaptionsPerImage"/>
    /// captions; default <see cref="ShortCaptionListPolicy.Keep"/> (the reader reports, it does not
    /// rewrite the data set; padding would also count repeated captions twice as text queries).</summary>
    public ShortCaptionListPolicy ShortCaptionLists { get; set; } = ShortCaptionListPolicy.Keep;

    /// <summary>How many example image names the load report gives per summary (default 5).</summary>
    public int ReportExampleCount { get; set; } = 5;
}
