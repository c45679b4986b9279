namespace PriorClip.MLNet.Transforms.Images;

/// <summary>The value range of the pixels fed to <c>NormalizeClipPixels</c>.</summary>
public enum ClipPixelInputRange
{
    /// <summary>0–255, what <c>ExtractPixels</c> produces by default (no scaling/offset).</summary>
    Bytes = 0,

    /// <summary>0–1, e.g. <c>ExtractPixels(scaleImage: 1f / 255)</c>.</summary>
    UnitInterval = 1,
}

/// <summary>Options of <c>mlContext.Transforms.NormalizeClipPixels</c>.</summary>
public sealed class ClipPixelNormalizerOptions
{
    /// <summary>CLIP's per-channel mean (R, G, B) on 0–1 pixels.</summary>
    public static IReadOnlyList<float> ClipMean { get; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>CLIP's per-channel standard deviation (R, G, B) on 0–1 pixels.</summary>
    public static IReadOnlyList<float> ClipStd { get; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Output column (Vector&lt;Single&gt;, same shape as the input). Default "Pixels".</summary>
    public string OutputColumnName { get; set; } = "Pixels";

    /// <summary>Input column: planar (channel-major) Vector&lt;Single&gt; of known size 3·H·W. Defaults to <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; set; }

    /// <summary>Range of the input values. Default <see cref="ClipPixelInputRange.Bytes"/>.</summary>
    public ClipPixelInputRange InputRange { get; set; } = ClipPixelInputRange.Bytes;

    /// <summary>Per-channel mean on 0–1 values, in the input's channel order. Default CLIP's.</summary>
    public IReadOnlyList<float> Mean { get; set; } = ClipMean;

    /// <summary>Per-channel standard deviation on 0–1 values. Default CLIP's.</summary>
    public IReadOnlyList<float> Std { get; set; } = ClipStd;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName))
            throw new ArgumentException("OutputColumnName must be a column name.", nameof(OutputColumnName));
        if (Mean.Count == 0 || Mean.Count != Std.Count)
            throw new ArgumentException($"Mean ({Mean.Count} values) and Std ({Std.Count} values) need one value per channel.", nameof(Mean));
        if (Std.Any(s => !(s > 0) || float.IsInfinity(s)))
            throw new ArgumentOutOfRangeException(nameof(Std), "Every standard deviation must be positive and finite.");
        if (!Enum.IsDefined(InputRange))
            throw new ArgumentOutOfRangeException(nameof(InputRange), InputRange, "Unknown input range.");
    }
}
