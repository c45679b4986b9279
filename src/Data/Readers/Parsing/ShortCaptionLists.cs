namespace PriorClip.MLNet.Data;

/// <summary>Finds images with fewer captions than expected and applies <see cref="ShortCaptionListPolicy"/>.</summary>
internal sealed class ShortCaptionLists
{
    private ShortCaptionLists(IReadOnlyList<DatasetImage> images, ShortCaptionListSummary summary, string counts)
    {
        Images = images;
        Summary = summary;
        ExampleCounts = counts;
    }

    public IReadOnlyList<DatasetImage> Images { get; }

    public ShortCaptionListSummary Summary { get; }

    /// <summary>Examples with their caption counts, for the message: <c>'a.png' (3), 'b.png' (1)</c>.</summary>
    private string ExampleCounts { get; }

    public static ShortCaptionLists Apply(IReadOnlyList<DatasetImage> images, DatasetReadOptions options)
    {
        var expected = options.ExpectedCaptionsPerImage;
        var shortOnes = images.Where(image => image.Captions.Count < expected).ToList();
        var examples = shortOnes.Take(options.ReportExampleCount).ToList();
        var summary = new ShortCaptionListSummary(
            expected, shortOnes.Count, examples.Select(image => image.FileName).ToList(), options.ShortCaptionLists);
        var counts = string.Join(", ", examples.Select(image => $"'{image.FileName}' ({image.Captions.Count})"));
        IReadOnlyList<DatasetImage> result = options.ShortCaptionLists switch
        {
            ShortCaptionListPolicy.Drop => images.Where(image => image.Captions.Count >= expected).ToList(),
            ShortCaptionListPolicy.PadByRepeating => images.Select(image => Pad(image, expected)).ToList(),
            _ => images,
        };
        return new ShortCaptionLists(result, summary, counts);
    }

    public DatasetProblem Problem(string file)
    {
        var (handling, outcome) = Summary.Policy switch
        {
            ShortCaptionListPolicy.Drop => ("left out (ShortCaptionLists = Drop)", DatasetProblemOutcome.Dropped),
            ShortCaptionListPolicy.PadByRepeating =>
                ($"padded to {Summary.ExpectedCaptions} by repeating their captions (ShortCaptionLists = PadByRepeating)", DatasetProblemOutcome.Padded),
            _ => ("kept as they are (ShortCaptionLists = Keep)", DatasetProblemOutcome.Kept),
        };
        var more = Summary.ImageCount > Summary.Examples.Count ? ", …" : "";
        var examples = Summary.Examples.Count == 0 ? "" : $" (e.g. {ExampleCounts}{more})";
        return new DatasetProblem(
            DatasetProblemKind.ShortCaptionList, file, null, null, null, null,
            $"{Summary.ImageCount} image(s) have fewer than {Summary.ExpectedCaptions} captions{examples}; {handling}",
            outcome);
    }

    /// <summary>c0, c1, c0, c1, c0 for two captions and five expected.</summary>
    private static DatasetImage Pad(DatasetImage image, int expected)
    {
        if (image.Captions.Count >= expected)
        {
            return image;
        }

        var padded = Enumerable.Range(0, expected).Select(i => image.Captions[i % image.Captions.Count]).ToList();
        return image with { Captions = padded };
    }
}
