using SkiaSharp;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Downscaled JPEG thumbnails as data URIs, so report.html stays one self-contained file.</summary>
internal static class ImageThumbnails
{
    /// <summary>A data URI of the image scaled to <paramref name="width"/> pixels wide, or null when the file cannot be decoded.</summary>
    public static string? DataUri(string path, int width = 160)
    {
        if (!File.Exists(path))
            return null;
        using SKBitmap? bitmap = SKBitmap.Decode(path);
        if (bitmap is null || bitmap.Width == 0)
            return null;
        int height = Math.Max(1, (int)Math.Round((double)bitmap.Height * width / bitmap.Width));
        // Bilinear with linear mipmaps: SkiaSharp 3's own mapping of the obsolete SKFilterQuality.Medium used before.
        using SKBitmap? resized = bitmap.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null)
            return null;
        using SKImage image = SKImage.FromBitmap(resized);
        using SKData data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return "data:image/jpeg;base64," + Convert.ToBase64String(data.AsSpan());
    }
}
