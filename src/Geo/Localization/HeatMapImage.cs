using SkiaSharp;

namespace PriorClip.MLNet.Geo.Localization;

/// <summary>The scene with the heat map blended over it and the best tiles outlined, as a PNG.</summary>
public static class HeatMapImage
{
    // A dark-blue → red → yellow ramp: low scores recede, high ones stand out on any scene.
    static readonly (float At, SKColor Color)[] Ramp =
        [(0f, new SKColor(20, 20, 90)), (0.4f, new SKColor(110, 30, 140)), (0.7f, new SKColor(220, 60, 40)), (1f, new SKColor(255, 230, 60))];

    /// <summary>PNG bytes: the scene scaled to at most <paramref name="maxSide"/> pixels, the map at half opacity, the top tiles framed.</summary>
    public static byte[] Png(LocalizationResult result, int top, int maxSide = 1024)
    {
        var scene = result.Tiles.Scene;
        double scale = Math.Min(1.0, (double)maxSide / Math.Max(scene.Width, scene.Height));
        int w = Math.Max(1, (int)Math.Round(scene.Width * scale)), h = Math.Max(1, (int)Math.Round(scene.Height * scale));
        using var full = scene.Bitmap(0, 0, scene.Width, scene.Height);
        using var canvasBitmap = full.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var canvas = new SKCanvas(canvasBitmap);

        int step = Math.Max(1, (int)Math.Ceiling(1 / scale));
        var (values, mw, mh) = result.Dense(step);
        float min = result.Grid.Min(), max = result.Grid.Max(), span = Math.Max(max - min, 1e-6f);
        using var map = new SKBitmap(new SKImageInfo(mw, mh, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < mh; y++)
            for (int x = 0; x < mw; x++)
            {
                float v = values[y * mw + x];
                map.SetPixel(x, y, float.IsNaN(v) ? SKColors.Transparent : Color((v - min) / span).WithAlpha(128));
            }
        using (var mapImage = SKImage.FromBitmap(map))
            canvas.DrawImage(mapImage, new SKRect(0, 0, mw * step * (float)scale, mh * step * (float)scale), new SKSamplingOptions(SKFilterMode.Linear));

        using var frame = new SKPaint { Style = SKPaintStyle.Stroke, Color = SKColors.White, IsAntialias = true };
        foreach (var t in result.Ranked.Take(top).Reverse())
        {
            frame.StrokeWidth = t.Rank == 1 ? 3 : 1.5f;
            frame.Color = t.Rank == 1 ? SKColors.White : new SKColor(255, 255, 255, 190);
            var box = t.Tile;
            canvas.DrawRect((float)(box.X * scale), (float)(box.Y * scale), (float)(box.Width * scale), (float)(box.Height * scale), frame);
        }
        using var image = SKImage.FromBitmap(canvasBitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    static SKColor Color(float t)
    {
        t = Math.Clamp(t, 0, 1);
        for (int i = 1; i < Ramp.Length; i++)
            if (t <= Ramp[i].At)
            {
                var (a, b) = (Ramp[i - 1], Ramp[i]);
                float f = (t - a.At) / (b.At - a.At);
                return new SKColor(Mix(a.Color.Red, b.Color.Red, f), Mix(a.Color.Green, b.Color.Green, f), Mix(a.Color.Blue, b.Color.Blue, f));
            }
        return Ramp[^1].Color;
    }

    static byte Mix(byte a, byte b, float f) => (byte)Math.Round(a + (b - a) * f);
}
