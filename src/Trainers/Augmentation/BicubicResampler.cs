namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>
/// Separable bicubic resampling of a rectangle of an image (cubic convolution, a = -0.5 as in
/// PIL; pixel-centre aligned; edge pixels replicated). When shrinking, the kernel is widened by
/// the scale factor so that it also antialiases, as PIL's resize does.
/// </summary>
public static class BicubicResampler
{
    const double A = -0.5;

    static double Cubic(double x)
    {
        x = Math.Abs(x);
        if (x < 1) return ((A + 2) * x - (A + 3)) * x * x + 1;
        if (x < 2) return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
        return 0;
    }

    /// <summary>
    /// Resamples the region (<paramref name="top"/>, <paramref name="left"/>, <paramref name="height"/>,
    /// <paramref name="width"/>) of <paramref name="image"/> to <paramref name="outHeight"/> × <paramref name="outWidth"/>.
    /// </summary>
    public static PlanarImage Resize(PlanarImage image, int top, int left, int height, int width, int outHeight, int outWidth)
    {
        if (top < 0 || left < 0 || height <= 0 || width <= 0 || top + height > image.Height || left + width > image.Width)
            throw new ArgumentOutOfRangeException(nameof(top), $"region ({top},{left}) {height}×{width} is outside the {image.Height}×{image.Width} image");
        var horizontal = Weights(left, width, outWidth, image.Width);
        var vertical = Weights(top, height, outHeight, image.Height);
        var result = new PlanarImage(image.Channels, outHeight, outWidth);
        var row = new float[image.Height * outWidth];
        int firstRow = vertical[0].First;
        int lastRow = vertical[^1].First + vertical[^1].Weights.Length - 1;
        for (int c = 0; c < image.Channels; c++)
        {
            var src = image.Plane(c);
            // Horizontal pass over the input rows that the vertical pass reads.
            for (int y = firstRow; y <= lastRow; y++)
                for (int x = 0; x < outWidth; x++)
                {
                    var (first, w) = horizontal[x];
                    double sum = 0;
                    for (int k = 0; k < w.Length; k++) sum += w[k] * src[y * image.Width + first + k];
                    row[y * outWidth + x] = (float)sum;
                }
            var dst = result.Plane(c);
            for (int y = 0; y < outHeight; y++)
            {
                var (first, w) = vertical[y];
                for (int x = 0; x < outWidth; x++)
                {
                    double sum = 0;
                    for (int k = 0; k < w.Length; k++) sum += w[k] * row[(first + k) * outWidth + x];
                    dst[y * outWidth + x] = (float)Math.Clamp(sum, 0.0, 255.0);
                }
            }
        }
        return result;
    }

    /// <summary>Per output index: the first input index and the normalised kernel weights.</summary>
    static (int First, double[] Weights)[] Weights(int start, int length, int outLength, int inLength)
    {
        double scale = (double)length / outLength;
        double support = 2 * Math.Max(scale, 1.0);
        double kernelScale = Math.Max(scale, 1.0);
        var result = new (int, double[])[outLength];
        for (int i = 0; i < outLength; i++)
        {
            double centre = start + (i + 0.5) * scale;
            int first = (int)Math.Floor(centre - support);
            int last = (int)Math.Ceiling(centre + support);
            int clampedFirst = Math.Clamp(first, 0, inLength - 1);
            int clampedLast = Math.Clamp(last, 0, inLength - 1);
            var dense = new double[clampedLast - clampedFirst + 1];
            double total = 0;
            for (int j = first; j <= last; j++)
            {
                double weight = Cubic((j + 0.5 - centre) / kernelScale);
                if (weight == 0) continue;
                // Replicate edge pixels: weight of an index outside the image goes to the edge.
                dense[Math.Clamp(j, 0, inLength - 1) - clampedFirst] += weight;
                total += weight;
            }
            for (int k = 0; k < dense.Length; k++) dense[k] /= total;
            result[i] = (clampedFirst, dense);
        }
        return result;
    }
}
