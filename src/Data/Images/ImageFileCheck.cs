using SkiaSharp;

namespace PriorClip.MLNet.Data.Images;

/// <summary>
/// Decodes an image file the way ML.NET's <c>LoadImages</c> will (SkiaSharp) and says whether it can be used. ML.NET
/// itself reports an empty or unknown file only as "Invalid input stream contents" without the file's name, and decodes a
/// truncated PNG or JPEG without any error, filling the missing rows with black — so archives are screened first.
/// </summary>
/// <remarks>
/// What ML.NET makes of the files it can read (measured, tests/Data/Images/ImageDecodingTests.cs): greyscale is repeated
/// into R, G and B; 16-bit channels keep their high byte (0x1234 → 0x12); a palette is looked up; alpha is multiplied
/// into the colours (premultiplied: a half-transparent pixel is half as bright, a fully transparent one black) and then
/// dropped. TIFF is not among SkiaSharp's formats.
/// </remarks>
public static class ImageFileCheck
{
    /// <summary>Default largest image, in pixels (16,384 × 16,384): a decoded image of this size already takes 1 GiB.</summary>
    public const long DefaultMaxPixels = 16_384L * 16_384L;

    /// <summary>Checks one file; null when ML.NET can load it whole.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="maxPixels">Larger images are refused (they belong to tiling, not to whole-image encoding).</param>
    public static ImageFileProblem? Check(string path, long maxPixels = DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileInfo file = new(path);
        if (!file.Exists) return new(path, "no such file");
        if (file.Length == 0) return new(path, "the file is empty (0 bytes)");
        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream, out var result);
        if (codec is null)
            return new(path, IsTiff(path)
                ? "TIFF is not a format ML.NET's image loader (SkiaSharp) reads; convert it to PNG or JPEG"
                : $"not an image ML.NET's image loader (SkiaSharp) can read ({Describe(result)}; the file starts with {Head(path)})");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) return new(path, $"the image has no pixels ({info.Width} × {info.Height})");
        if ((long)info.Width * info.Height > maxPixels)
            return new(path, $"{info.Width} × {info.Height} pixels is more than the {maxPixels:N0} allowed for one image; cut large scenes into tiles");
        // Decode it all (JPEG at 1/8 scale, which reads every byte but allocates 64 × less): truncation shows only here.
        var size = codec.EncodedFormat == SKEncodedImageFormat.Jpeg ? codec.GetScaledDimensions(0.125f) : new SKSizeI(info.Width, info.Height);
        var target = new SKImageInfo(size.Width, size.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(target);
        var decoded = codec.GetPixels(target, bitmap.GetPixels());
        return decoded switch
        {
            SKCodecResult.Success => null,
            SKCodecResult.IncompleteInput => new(path, $"truncated: the {codec.EncodedFormat.ToString().ToUpperInvariant()} data ends before the image does ({file.Length:N0} bytes)"),
            _ => new(path, $"the {codec.EncodedFormat.ToString().ToUpperInvariant()} data is damaged ({Describe(decoded)})"),
        };
    }

    /// <summary>
    /// Checks every file (in parallel) and splits them into usable ones, in their order, and problems.
    /// </summary>
    /// <param name="paths">Image files.</param>
    /// <param name="maxPixels">See <see cref="Check"/>.</param>
    /// <param name="progress">Receives the number of files checked so far.</param>
    public static (IReadOnlyList<string> Usable, IReadOnlyList<ImageFileProblem> Problems) Screen(IReadOnlyList<string> paths, long maxPixels = DefaultMaxPixels,
        IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var problems = new ImageFileProblem?[paths.Count];
        int done = 0;
        Parallel.For(0, paths.Count, i =>
        {
            problems[i] = Check(paths[i], maxPixels);
            int n = Interlocked.Increment(ref done);
            if (n % 256 == 0 || n == paths.Count) progress?.Report(n);
        });
        return (paths.Where((_, i) => problems[i] is null).ToList(), problems.OfType<ImageFileProblem>().ToList());
    }

    /// <summary>True when the file starts with a TIFF byte-order mark and magic number (little- or big-endian).</summary>
    internal static bool IsTiff(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 4 && (head.SequenceEqual("II*\0"u8) || head.SequenceEqual("MM\0*"u8));
    }

    static string Head(string path)
    {
        var bytes = new byte[8];
        using var stream = File.OpenRead(path);
        int n = stream.Read(bytes);
        return Convert.ToHexString(bytes, 0, n);
    }

    static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.Unimplemented => "unknown format",
        SKCodecResult.InvalidInput => "invalid data",
        SKCodecResult.IncompleteInput => "incomplete data",
        _ => result.ToString(),
    };
}
