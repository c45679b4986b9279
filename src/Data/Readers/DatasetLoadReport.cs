using System.Text;
using System.Text.Json;

namespace PriorClip.MLNet.Data;

/// <summary>
/// What a dataset load produced: counts per split and scene class, the captions-per-image
/// histogram, images with short caption lists, and every problem found (skips, kept missing
/// images, the short-caption summary). <see cref="ToJson"/> writes the shape the CLI's
/// <c>dataset --json</c> prints.
/// </summary>
public sealed class DatasetLoadReport
{
    private DatasetLoadReport(
        DatasetFormat format,
        IReadOnlyList<string> sources,
        IReadOnlyList<DatasetImage> images,
        ShortCaptionListSummary shortCaptionLists,
        IReadOnlyList<DatasetProblem> problems)
    {
        Format = format;
        Sources = sources;
        ImageCount = images.Count;
        CaptionCount = images.Sum(image => image.Captions.Count);
        Splits = DatasetSplits.All
            .Select(split => (split, images: images.Where(image => image.Split == split).ToList()))
            .Where(group => group.images.Count > 0)
            .ToDictionary(group => group.split, group => new SplitCounts(group.images.Count, group.images.Sum(image => image.Captions.Count)));
        Classes = new SortedDictionary<string, int>(
            images.GroupBy(image => image.SceneClass).ToDictionary(group => group.Key, group => group.Count()),
            StringComparer.Ordinal);
        CaptionsPerImage = new SortedDictionary<int, int>(
            images.GroupBy(image => image.Captions.Count).ToDictionary(group => group.Key, group => group.Count()));
        ShortCaptionLists = shortCaptionLists;
        Problems = problems;
    }

    /// <summary>The format read (<see cref="DatasetFormat.Auto"/> when several files of different formats were read together).</summary>
    public DatasetFormat Format { get; }

    /// <summary>The dataset files read (absolute paths).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Number of images in the data set.</summary>
    public int ImageCount { get; }

    /// <summary>Number of captions (rows of the data view).</summary>
    public int CaptionCount { get; }

    /// <summary>Images and captions per split, for the splits present, in the order train, val, test.</summary>
    public IReadOnlyDictionary<string, SplitCounts> Splits { get; }

    /// <summary>Images per scene class, ordered by class name (ordinal).</summary>
    public IReadOnlyDictionary<string, int> Classes { get; }

    /// <summary>Histogram: number of captions → number of images with that many (after padding/dropping).</summary>
    public IReadOnlyDictionary<int, int> CaptionsPerImage { get; }

    /// <summary>Images that were read with fewer captions than expected, and how they were handled.</summary>
    public ShortCaptionListSummary ShortCaptionLists { get; }

    /// <summary>Every problem the load reported (not the one that failed it: that is thrown).</summary>
    public IReadOnlyList<DatasetProblem> Problems { get; }

    /// <summary>Number of problems whose entry was left out (<see cref="DatasetProblemOutcome.Skipped"/>).</summary>
    public int SkippedCount => Problems.Count(problem => problem.Outcome == DatasetProblemOutcome.Skipped);

    /// <summary>
    /// The report as JSON: <c>{"images","captions","splits":{NAME:{"images","captions"}},
    /// "classes":{NAME:images},"captionsPerImage":{COUNT:images},"problems":[{"kind","outcome",
    /// "file","entry","image","line","column","message"}]}</c> (absent location parts are left out).
    /// </summary>
    /// <param name="indented">Indent the output (default true).</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the object described in <see cref="ToJson"/> to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where to write (e.g. a larger document the caller is building).</param>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("images", ImageCount);
        writer.WriteNumber("captions", CaptionCount);
        writer.WriteStartObject("splits");
        foreach (var (name, counts) in Splits)
        {
            writer.WriteStartObject(name);
            writer.WriteNumber("images", counts.Images);
            writer.WriteNumber("captions", counts.Captions);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("classes");
        foreach (var (name, images) in Classes)
        {
            writer.WriteNumber(name, images);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("captionsPerImage");
        foreach (var (captions, images) in CaptionsPerImage)
        {
            writer.WriteNumber(captions.ToString(System.Globalization.CultureInfo.InvariantCulture), images);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("problems");
        foreach (var problem in Problems)
        {
            WriteProblem(writer, problem);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The same counts for a subset of the images (e.g. one split); problems and the short-list summary are kept.</summary>
    internal DatasetLoadReport For(IReadOnlyList<DatasetImage> images) =>
        new(Format, Sources, images, ShortCaptionLists, Problems);

    internal static DatasetLoadReport Create(
        DatasetFormat format, IReadOnlyList<string> sources, IReadOnlyList<DatasetImage> images,
        ShortCaptionListSummary shortCaptionLists, IReadOnlyList<DatasetProblem> problems) =>
        new(format, sources, images, shortCaptionLists, problems.ToList());

    private static void WriteProblem(Utf8JsonWriter writer, DatasetProblem problem)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", problem.Kind.ToString());
        writer.WriteString("outcome", problem.Outcome.ToString());
        writer.WriteString("file", problem.File);
        if (problem.Entry is not null)
        {
            writer.WriteString("entry", problem.Entry);
        }

        if (problem.ImageFileName is not null)
        {
            writer.WriteString("image", problem.ImageFileName);
        }

        if (problem.Line is long line)
        {
            writer.WriteNumber("line", line);
        }

        if (problem.Column is long column)
        {
            writer.WriteNumber("column", column);
        }

        writer.WriteString("message", problem.Message);
        writer.WriteEndObject();
    }
}
