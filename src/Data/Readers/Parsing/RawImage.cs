namespace PriorClip.MLNet.Data;

/// <summary>
/// One image as a format parser found it (captions grouped, nothing validated yet). The format
/// parsers only understand their syntax; <see cref="DatasetAssembler"/> applies the rules that are
/// the same for every format, so all formats fail and skip alike.
/// </summary>
internal sealed class RawImage(string fileName, SourceLocation location, ImagePathResolver resolver)
{
    /// <summary>File name as written in the dataset (Karpathy <c>filepath/filename</c> when both are given).</summary>
    public string FileName { get; } = fileName;

    public SourceLocation Location { get; } = location;

    public ImagePathResolver Resolver { get; } = resolver;

    /// <summary>Split as written (entry, column, option or file name), not yet normalised; null when none.</summary>
    public string? SplitName { get; set; }

    /// <summary>Explicit scene class (PIR <c>label_name</c>, CSV scene column); null when none.</summary>
    public string? SceneClass { get; set; }

    public List<RawCaption> Captions { get; } = [];
}
