namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>
/// A channel-planar float image, the layout ML.NET's <c>ExtractPixels</c> produces
/// (all of channel 0, then channel 1, ...), with values on the 0–255 scale.
/// </summary>
public sealed class PlanarImage
{
    /// <summary>Wraps <paramref name="data"/> (length channels × height × width) without copying.</summary>
    public PlanarImage(float[] data, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(channels), $"image dimensions must be positive, got {channels}×{height}×{width}");
        if (data.Length != channels * height * width)
            throw new ArgumentException($"pixel buffer has {data.Length} values, expected {channels}×{height}×{width} = {channels * height * width}", nameof(data));
        Data = data;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>A new zero-filled image.</summary>
    public PlanarImage(int channels, int height, int width) : this(new float[channels * height * width], channels, height, width) { }

    /// <summary>The planar pixel values.</summary>
    public float[] Data { get; }

    /// <summary>Number of channels (3 for RGB).</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Pixels of one channel, row-major.</summary>
    public Span<float> Plane(int channel) => Data.AsSpan(channel * Height * Width, Height * Width);

    /// <summary>A deep copy.</summary>
    public PlanarImage Clone() => new((float[])Data.Clone(), Channels, Height, Width);
}
