using System.Runtime.InteropServices;
using SkiaSharp;

namespace PriorClip.MLNet.Geo.Scenes;

/// <summary>A large scene in memory as 8-bit RGB (interleaved, row-major), with its placement on Earth when the file has one.</summary>
public sealed class SceneRaster
{
    /// <summary>Wraps <paramref name="rgb"/> (width · height · 3 bytes).</summary>
    public SceneRaster(string path, int width, int height, byte[] rgb, GeoReference? geo, string description)
    {
        if (rgb.Length != (long)width * height * 3)
            throw new ArgumentException($"{path}: {rgb.Length} RGB bytes for {width} × {height} pixels", nameof(rgb));
        (Path, Width, Height, Rgb, Geo, Description) = (path, width, height, rgb, geo, description);
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Interleaved RGB bytes, row-major.</summary>
    public byte[] Rgb { get; }

    /// <summary>Where the raster lies, or null for a plain image.</summary>
    public GeoReference? Geo { get; }

    /// <summary>How it was read (bands, bit depth, scaling), for reports.</summary>
    public string Description { get; }

    /// <summary>
    /// The pixels of a box, resized to <paramref name="size"/> × <paramref name="size"/> (bilinear), as the model's input:
    /// planar RGB floats on the 0–255 scale, like ML.NET's <c>ExtractPixels</c>.
    /// </summary>
    public float[] Pixels(int x, int y, int width, int height, int size)
    {
        using var crop = Bitmap(x, y, width, height);
        using var resized = width == size && height == size ? crop.Copy() : crop.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        var rgba = resized.GetPixelSpan();
        var planar = new float[3 * size * size];
        int plane = size * size;
        for (int i = 0; i < plane; i++)
        {
            planar[i] = rgba[4 * i];
            planar[plane + i] = rgba[4 * i + 1];
            planar[2 * plane + i] = rgba[4 * i + 2];
        }
        return planar;
    }

    /// <summary>A box of the scene as an opaque RGBA bitmap (the caller disposes it).</summary>
    public SKBitmap Bitmap(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"box ({x}, {y}, {width} × {height}) is outside the {Width} × {Height} scene");
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var target = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        for (int row = 0; row < height; row++)
        {
            int source = ((y + row) * Width + x) * 3;
            for (int column = 0; column < width; column++, source += 3)
                target[row * width + column] = Rgb[source] | (uint)Rgb[source + 1] << 8 | (uint)Rgb[source + 2] << 16 | 0xFF000000u;
        }
        bitmap.NotifyPixelsChanged();
        return bitmap;
    }
}
