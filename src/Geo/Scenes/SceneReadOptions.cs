namespace PriorClip.MLNet.Geo.Scenes;

/// <summary>How samples wider than 8 bits become the 0–255 values the model reads.</summary>
public enum SampleScaling
{
    /// <summary>Per band, the 2nd percentile → 0 and the 98th → 255 (the usual display stretch for satellite data; the
    /// percentiles are set by <see cref="SceneReadOptions.LowPercentile"/> and <see cref="SceneReadOptions.HighPercentile"/>).</summary>
    Percentile,
    /// <summary>The high byte of each sample (what ML.NET does with a 16-bit PNG).</summary>
    HighByte,
    /// <summary>0 → 0 and <see cref="SceneReadOptions.RangeMaximum"/> → 255, clamped (e.g. 10,000 for Sentinel-2 reflectance).</summary>
    Range,
}

/// <summary>What <see cref="SceneReader"/> reads from a scene file.</summary>
public sealed record SceneReadOptions
{
    /// <summary>The bands that become red, green and blue, numbered from 1 as GDAL numbers them; one band is read as grey.
    /// Default: the first three (or the only one).</summary>
    public int[]? Bands { get; init; }

    /// <summary>Scaling of samples wider than 8 bits; 8-bit samples are taken as they are.</summary>
    public SampleScaling Scaling { get; init; } = SampleScaling.Percentile;

    /// <summary>With <see cref="SampleScaling.Percentile"/>: the percentile mapped to 0.</summary>
    public double LowPercentile { get; init; } = 2;

    /// <summary>With <see cref="SampleScaling.Percentile"/>: the percentile mapped to 255.</summary>
    public double HighPercentile { get; init; } = 98;

    /// <summary>With <see cref="SampleScaling.Range"/>: the sample value mapped to 255.</summary>
    public double RangeMaximum { get; init; } = 10_000;
}
