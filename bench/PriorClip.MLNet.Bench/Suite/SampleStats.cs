namespace PriorClip.MLNet.Bench.Suite;

/// <summary>Median, minimum and maximum of repeated measurements (warm-up runs never included).</summary>
/// <param name="Median">The median (the mean of the two middle values for an even count).</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Count">How many measurements.</param>
internal sealed record SampleStats(double Median, double Min, double Max, int Count)
{
    public static SampleStats Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no measurements", nameof(values));
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new SampleStats(median, sorted[0], sorted[^1], n);
    }

    /// <summary>One value measured once (a size, a count, an accuracy).</summary>
    public static SampleStats Single(double value) => new(value, value, value, 1);

    /// <summary>The same measurements mapped through a monotone function (e.g. milliseconds → items per second).</summary>
    public SampleStats Map(Func<double, double> f)
    {
        double a = f(Min), b = f(Max);
        return new SampleStats(f(Median), Math.Min(a, b), Math.Max(a, b), Count);
    }
}
