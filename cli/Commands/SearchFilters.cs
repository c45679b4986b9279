using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.Cli.Commands;

/// <summary><c>search --class</c>: the rows of an encoded archive whose scene class is one of those asked for.</summary>
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
}
