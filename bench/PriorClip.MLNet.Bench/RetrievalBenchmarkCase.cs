using System.Globalization;

namespace PriorClip.MLNet.Bench;

/// <summary>One benchmark configuration: problem size, embedding dimension, worker count.</summary>
internal sealed record RetrievalBenchmarkCase(string Name, int Images, int CaptionsPerImage, int Dimension, int Workers)
{
    public int Captions => Images * CaptionsPerImage;

    public string[] ToArguments() =>
    [
        "retrieval-case", Name,
        Images.ToString(CultureInfo.InvariantCulture),
        CaptionsPerImage.ToString(CultureInfo.InvariantCulture),
        Dimension.ToString(CultureInfo.InvariantCulture),
        Workers.ToString(CultureInfo.InvariantCulture),
    ];

    public static RetrievalBenchmarkCase Parse(string[] args) => new(args[1],
        int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture),
        int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture));
}
