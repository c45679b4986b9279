using SkiaSharp;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Writes small flat-coloured PNG files for report galleries.</summary>
internal static class TestPng
{
    public static string Write(string path, byte shade)
    {
        using var bitmap = new SKBitmap(32, 24);
        bitmap.Erase(new SKColor(shade, 120, 200));
        using SKData data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
