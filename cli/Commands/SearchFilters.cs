using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search.Metadata;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>search --class</c>, <c>--bbox</c>, <c>--from</c>, <c>--to</c>: the rows of an encoded archive a filtered search ranks
/// (classes from <c>image_classes.txt</c>; footprints and dates from <c>image_metadata.jsonl</c>).
/// </summary>
internal static class SearchFilters
{
    /// <summary>Written by <c>encode --dataset</c>: the scene class of each row of images.npy, one per line.</summary>
    public const string ImageClassesFile = "image_classes.txt";

    /// <summary>
    /// The candidate rows of <paramref name="searched"/> (images, or texts through caption_image.npy) that belong to one
    /// of <paramref name="classes"/> (comma-separated), in row order; null when no filter is asked for.
    /// </summary>
    public static int[]? Rows(string folder, string searched, string? classes, int candidateRows)
    {
        if (classes is null) return null;
        var wanted = classes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0) throw new ArgumentException("--class is empty; give one or more scene classes, comma-separated");
        string file = Path.Combine(folder, ImageClassesFile);
        if (!File.Exists(file))
            throw new FileNotFoundException($"--class: '{file}' does not exist; 'priorclip encode --dataset' writes it (an image folder has no classes)", file);
        string[] imageClasses = File.ReadAllLines(file);
        var known = imageClasses.Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        var unknown = wanted.Where(c => !known.Contains(c)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"--class: no image of class {string.Join(", ", unknown.Select(c => $"'{c}'"))} in '{file}'; its classes are {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        int[] imageOfRow;
        if (searched == "images")
        {
            imageOfRow = Enumerable.Range(0, candidateRows).ToArray();
        }
        else
        {
            string mapping = Path.Combine(folder, "caption_image.npy");
            if (!File.Exists(mapping))
                throw new FileNotFoundException($"--class with an image query needs '{mapping}' (which image each caption belongs to); 'priorclip encode --dataset' writes it", mapping);
            imageOfRow = CaptionImageMapping.FromNpy(mapping);
        }
        if (imageOfRow.Length != candidateRows)
            throw new InvalidDataException($"--class: the archive's {searched}.npy has {candidateRows} rows but its class list covers {imageOfRow.Length}; encode it again");
        var rows = new List<int>();
        for (int row = 0; row < candidateRows; row++)
        {
            int imageIndex = imageOfRow[row];
            if (imageIndex < 0 || imageIndex >= imageClasses.Length)
                throw new InvalidDataException($"--class: row {row} of {searched} refers to image {imageIndex}, but '{file}' has {imageClasses.Length} lines; encode the archive again");
            if (wanted.Contains(imageClasses[imageIndex])) rows.Add(row);
        }
        return rows.ToArray();
    }

    /// <summary>
    /// The image rows whose metadata passes <c>--bbox</c> / <c>--from</c> / <c>--to</c>; null when none is given. Only image
    /// searches can be filtered this way (captions have no place or date).
    /// </summary>
    public static int[]? MetadataRows(string folder, string searched, string? bbox, string? from, string? to, int candidateRows)
    {
        if (bbox is null && from is null && to is null) return null;
        if (searched != "images")
            throw new ArgumentException("--bbox, --from and --to filter images by place and date; they do not apply to a search of captions");
        var filter = new ArchiveFilter
        {
            Bbox = bbox is null ? null : ArchiveFilter.ParseBbox(bbox, "--bbox"),
            From = from is null ? null : ArchiveFilter.ParseDate(from, "--from"),
            To = to is null ? null : ArchiveFilter.ParseDate(to, "--to"),
        };
        string file = Path.Combine(folder, ArchiveMetadataFile.FileName);
        if (!File.Exists(file))
            throw new FileNotFoundException($"--bbox/--from/--to: '{file}' does not exist; 'priorclip tiles' writes it for scenes' tiles", file);
        var items = ArchiveMetadataFile.Read(file);
        if (items.Count != candidateRows)
            throw new InvalidDataException($"'{file}' has {items.Count} rows but images.npy has {candidateRows}; they must be written together");
        return filter.Rows(items);
    }

    /// <summary>Rows kept by both filters (either may be absent).</summary>
    public static int[]? Intersect(int[]? a, int[]? b) => a is null ? b : b is null ? a : a.Intersect(b).Order().ToArray();
}
