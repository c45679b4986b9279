namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>
/// Photometric and geometric image operations with PIL's semantics on the 0–255 scale
/// (the reference training code augments PIL images). Each returns a new image.
/// </summary>
public static class ImageOps
{
    /// <summary>Grey used to fill pixels that geometric operations uncover, as the reference does.</summary>
    public const float FillValue = 128f;

    /// <summary>Mirrors the image left to right.</summary>
    public static PlanarImage FlipHorizontal(PlanarImage image)
    {
        var result = new PlanarImage(image.Channels, image.Height, image.Width);
        for (int c = 0; c < image.Channels; c++)
        {
            var src = image.Plane(c);
            var dst = result.Plane(c);
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    dst[y * image.Width + x] = src[y * image.Width + image.Width - 1 - x];
        }
        return result;
    }

    /// <summary>Stretches each channel so its darkest pixel becomes 0 and its brightest 255.</summary>
    public static PlanarImage AutoContrast(PlanarImage image)
    {
        var result = image.Clone();
        for (int c = 0; c < image.Channels; c++)
        {
            var plane = result.Plane(c);
            float lo = float.MaxValue, hi = float.MinValue;
            foreach (var v in plane) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            if (hi <= lo) continue; // a flat channel stays as it is, as in PIL
            float scale = 255f / (hi - lo);
            for (int i = 0; i < plane.Length; i++) plane[i] = (plane[i] - lo) * scale;
        }
        return result;
    }

    /// <summary>
    /// Histogram equalisation per channel over 256 levels (PIL's <c>ImageOps.equalize</c>):
    /// the lookup table spreads the cumulative histogram, ignoring the most populated top level.
    /// </summary>
    public static PlanarImage Equalize(PlanarImage image)
    {
        var result = image.Clone();
        var histogram = new int[256];
        var lut = new float[256];
        for (int c = 0; c < image.Channels; c++)
        {
            var plane = result.Plane(c);
            Array.Clear(histogram);
            foreach (var v in plane) histogram[Level(v)]++;
            int last = 255;
            while (last > 0 && histogram[last] == 0) last--;
            int step = (plane.Length - histogram[last]) / 255;
            if (step == 0) continue;
            int cumulative = step / 2;
            for (int level = 0; level < 256; level++)
            {
                lut[level] = Math.Min(255, cumulative / step);
                cumulative += histogram[level];
            }
            for (int i = 0; i < plane.Length; i++) plane[i] = lut[Level(plane[i])];
        }
        return result;
    }

    static int Level(float v) => Math.Clamp((int)MathF.Round(v), 0, 255);

    /// <summary>Brightness enhancement: blends with black, factor 1 leaves the image unchanged.</summary>
    public static PlanarImage Brightness(PlanarImage image, float factor)
    {
        var result = image.Clone();
        for (int i = 0; i < result.Data.Length; i++) result.Data[i] = Math.Clamp(result.Data[i] * factor, 0f, 255f);
        return result;
    }

    /// <summary>
    /// Sharpness enhancement: blends with PIL's SMOOTH-filtered image (3×3 kernel, centre 5,
    /// others 1, divided by 13; border pixels keep their values). Factor 1 is the identity,
    /// above 1 sharpens, below 1 blurs.
    /// </summary>
    public static PlanarImage Sharpness(PlanarImage image, float factor)
    {
        var result = image.Clone();
        int h = image.Height, w = image.Width;
        for (int c = 0; c < image.Channels; c++)
        {
            var src = image.Plane(c);
            var dst = result.Plane(c);
            for (int y = 1; y < h - 1; y++)
                for (int x = 1; x < w - 1; x++)
                {
                    float sum = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                            sum += src[(y + dy) * w + x + dx];
                    float centre = src[y * w + x];
                    float smooth = (sum + 4 * centre) / 13f;
                    dst[y * w + x] = Math.Clamp(smooth + factor * (centre - smooth), 0f, 255f);
                }
        }
        return result;
    }

    /// <summary>
    /// Applies the inverse affine map (output pixel (x, y) samples input
    /// (a·x + b·y + c, d·x + e·y + f), coordinates of pixel centres relative to the image centre)
    /// with nearest-neighbour sampling, as PIL's default; uncovered pixels get <see cref="FillValue"/>.
    /// </summary>
    public static PlanarImage AffineInverse(PlanarImage image, double a, double b, double c, double d, double e, double f)
    {
        var result = new PlanarImage(image.Channels, image.Height, image.Width);
        int h = image.Height, w = image.Width;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double ox = x - cx, oy = y - cy;
                int sx = (int)Math.Round(a * ox + b * oy + c + cx, MidpointRounding.AwayFromZero);
                int sy = (int)Math.Round(d * ox + e * oy + f + cy, MidpointRounding.AwayFromZero);
                bool inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
                for (int ch = 0; ch < image.Channels; ch++)
                    result.Data[(ch * h + y) * w + x] = inside ? image.Data[(ch * h + sy) * w + sx] : FillValue;
            }
        return result;
    }

    /// <summary>Horizontal shear: output (x, y) samples input (x + shear·y, y).</summary>
    public static PlanarImage ShearX(PlanarImage image, double shear) => AffineInverse(image, 1, shear, 0, 0, 1, 0);

    /// <summary>Vertical shear: output (x, y) samples input (x, y + shear·x).</summary>
    public static PlanarImage ShearY(PlanarImage image, double shear) => AffineInverse(image, 1, 0, 0, shear, 1, 0);

    /// <summary>Shifts the content by <paramref name="pixels"/> to the left (negative: right).</summary>
    public static PlanarImage TranslateX(PlanarImage image, double pixels) => AffineInverse(image, 1, 0, pixels, 0, 1, 0);

    /// <summary>Shifts the content by <paramref name="pixels"/> upwards (negative: downwards).</summary>
    public static PlanarImage TranslateY(PlanarImage image, double pixels) => AffineInverse(image, 1, 0, 0, 0, 1, pixels);

    /// <summary>Rotates the content counter-clockwise by <paramref name="degrees"/> about the centre.</summary>
    public static PlanarImage Rotate(PlanarImage image, double degrees)
    {
        double r = degrees * Math.PI / 180.0;
        double cos = Math.Cos(r), sin = Math.Sin(r);
        // Inverse of a counter-clockwise rotation in image coordinates (y pointing down).
        return AffineInverse(image, cos, -sin, 0, sin, cos, 0);
    }
}
