namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>
/// torchvision's RandomResizedCrop: a random region covering a random fraction of the area
/// with a random aspect ratio (log-uniform), resized bicubically to a square output.
/// </summary>
public static class RandomResizedCrop
{
    /// <summary>Chooses a crop box: ten tries, then the central crop clamped to the ratio range.</summary>
    public static (int Top, int Left, int Height, int Width) SampleBox(
        int height, int width, double scaleMin, double scaleMax, double ratioMin, double ratioMax, Random rng)
    {
        double area = (double)height * width;
        double logMin = Math.Log(ratioMin), logMax = Math.Log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double targetArea = area * (scaleMin + rng.NextDouble() * (scaleMax - scaleMin));
            double ratio = Math.Exp(logMin + rng.NextDouble() * (logMax - logMin));
            int w = (int)Math.Round(Math.Sqrt(targetArea * ratio));
            int h = (int)Math.Round(Math.Sqrt(targetArea / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return (rng.Next(height - h + 1), rng.Next(width - w + 1), h, w);
        }
        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < ratioMin) ch = (int)Math.Round(width / ratioMin);
        else if (inRatio > ratioMax) cw = (int)Math.Round(height * ratioMax);
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }

    /// <summary>Crops a random box and resizes it to <paramref name="outputSize"/> squared.</summary>
    public static PlanarImage Apply(PlanarImage image, int outputSize, double scaleMin, double scaleMax,
                                    double ratioMin, double ratioMax, Random rng)
    {
        var (top, left, h, w) = SampleBox(image.Height, image.Width, scaleMin, scaleMax, ratioMin, ratioMax, rng);
        return BicubicResampler.Resize(image, top, left, h, w, outputSize, outputSize);
    }
}
