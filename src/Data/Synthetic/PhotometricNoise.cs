using SkiaSharp;

namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Sensor-like degradation of a rendered scene: slight blur, brightness/contrast jitter and Gaussian pixel noise.</summary>
/// <remarks>
/// Strengths scale with <see cref="SyntheticDatasetOptions.NoiseLevel"/>; at the default level the
/// object colours stay clearly apart (jitter ≤ ±12 levels, noise σ = 4 levels), so captions stay true.
/// </remarks>
internal static class PhotometricNoise
{
    private const double MaxBrightnessShift = 12;
    private const double MaxContrastChange = 0.12;
    private const double PixelNoiseSigma = 4;
    private const float MaxBlurSigma = 0.6f;

    /// <summary>Returns a degraded copy of <paramref name="source"/> (or the source itself when the level is 0); draws from <paramref name="random"/> in a fixed order.</summary>
    public static SKBitmap Apply(SKBitmap source, Random random, double level)
    {
        if (level <= 0)
            return source;
        float scale = source.Width / (float)SceneSpec.CanvasSize;
        float blurSigma = (float)(level * random.NextDouble()) * MaxBlurSigma * scale;
        double brightness = level * (random.NextDouble() * 2 - 1) * MaxBrightnessShift;
        double contrast = 1 + level * (random.NextDouble() * 2 - 1) * MaxContrastChange;
        double sigma = level * PixelNoiseSigma;

        var result = new SKBitmap(source.Info);
        using (var canvas = new SKCanvas(result))
        using (var blur = SKImageFilter.CreateBlur(blurSigma, blurSigma, SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { ImageFilter = blurSigma > 0.05f ? blur : null })
        {
            canvas.DrawBitmap(source, 0, 0, paint);
            canvas.Flush();
        }
        AddJitterAndNoise(result, random, brightness, contrast, sigma);
        return result;
    }

    private static unsafe void AddJitterAndNoise(SKBitmap bitmap, Random random, double brightness, double contrast, double sigma)
    {
        byte* pixels = (byte*)bitmap.GetPixels();
        int count = bitmap.Width * bitmap.Height;
        for (int i = 0; i < count; i++)
        {
            byte* p = pixels + i * 4;
            for (int channel = 0; channel < 3; channel++)
            {
                double v = (p[channel] - 128) * contrast + 128 + brightness + sigma * StandardNormal(random);
                p[channel] = (byte)Math.Clamp(Math.Round(v), 0, 255);
            }
        }
    }

    /// <summary>Box–Muller transform: one standard-normal draw from two uniform ones.</summary>
    private static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
