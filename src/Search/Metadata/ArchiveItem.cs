namespace PriorClip.MLNet.Search.Metadata;

/// <summary>
/// What an archive knows about one encoded image or tile, beyond its embedding: where it came from, where on Earth it
/// lies and when it was taken. Every field but <see cref="Id"/> is optional.
/// </summary>
public sealed record ArchiveItem
{
    /// <summary>The row's id (the line of <c>image_ids.txt</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The image or scene file.</summary>
    public string? Path { get; init; }

    /// <summary>The tile's pixel box in its scene: x, y, width, height.</summary>
    public int[]? Tile { get; init; }

    /// <summary>The footprint's bounding box in WGS 84: min longitude, min latitude, max longitude, max latitude.</summary>
    public double[]? Bbox { get; init; }

    /// <summary>When it was taken (a date, or a date and time in UTC).</summary>
    public DateTime? Date { get; init; }

    /// <summary>Its scene class, when known.</summary>
    public string? Class { get; init; }
}
