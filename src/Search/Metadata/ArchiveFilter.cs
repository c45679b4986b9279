namespace PriorClip.MLNet.Search.Metadata;

/// <summary>
/// Which archive rows a search may return: those whose footprint meets a bounding box, whose date falls in a range, and
/// whose class is among those given (each condition only when asked for). A row that lacks a field a condition needs is
/// left out, since nothing says it qualifies.
/// </summary>
public sealed record ArchiveFilter
{
    /// <summary>Keep rows whose bbox intersects this one: min lon, min lat, max lon, max lat (WGS 84).</summary>
    public double[]? Bbox { get; init; }

    /// <summary>Keep rows taken on or after this moment.</summary>
    public DateTime? From { get; init; }

    /// <summary>Keep rows taken on or before this moment (a date alone means the whole day).</summary>
    public DateTime? To { get; init; }

    /// <summary>Keep rows of these classes.</summary>
    public IReadOnlySet<string>? Classes { get; init; }

    /// <summary>True when no condition is set.</summary>
    public bool IsEmpty => Bbox is null && From is null && To is null && Classes is null;

    /// <summary>Whether <paramref name="item"/> passes every condition.</summary>
    public bool Keeps(ArchiveItem item)
    {
        if (Bbox is { } box && (item.Bbox is not { } b || b[2] < box[0] || b[0] > box[2] || b[3] < box[1] || b[1] > box[3])) return false;
        if (From is { } from && (item.Date is not { } d1 || d1 < from)) return false;
        if (To is { } to && (item.Date is not { } d2 || d2 > (to.TimeOfDay == TimeSpan.Zero ? to.AddDays(1).AddTicks(-1) : to))) return false;
        if (Classes is { } classes && (item.Class is null || !classes.Contains(item.Class))) return false;
        return true;
    }

    /// <summary>The rows of <paramref name="items"/> this filter keeps, in order.</summary>
    public int[] Rows(IReadOnlyList<ArchiveItem> items) => Enumerable.Range(0, items.Count).Where(i => Keeps(items[i])).ToArray();

    /// <summary>Parses "min lon,min lat,max lon,max lat"; the message names <paramref name="option"/>.</summary>
    public static double[] ParseBbox(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = parts.Select(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : double.NaN).ToArray();
        if (values.Length != 4 || values.Any(double.IsNaN) || values[0] > values[2] || values[1] > values[3])
            throw new ArgumentException($"{option}: '{text}' is not min lon,min lat,max lon,max lat (e.g. 13.7,45.1,13.8,45.2)");
        return values;
    }

    /// <summary>Parses a date (yyyy-MM-dd) or an ISO 8601 date and time as UTC; the message names <paramref name="option"/>.</summary>
    public static DateTime ParseDate(string text, string option) =>
        DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new ArgumentException($"{option}: '{text}' is not a date (yyyy-MM-dd) or an ISO 8601 date and time");
}
