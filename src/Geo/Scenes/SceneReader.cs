using BitMiracle.LibTiff.Classic;
using SkiaSharp;

namespace PriorClip.MLNet.Geo.Scenes;

/// <summary>
/// Reads a large scene: a GeoTIFF or plain TIFF (stripped or tiled, bands interleaved or in planes, 8- or 16-bit unsigned
/// samples, any number of bands; LibTiff.NET) with its placement from the GeoTIFF tags, or a PNG / JPEG / BMP / WebP
/// (SkiaSharp, as ML.NET reads images). Three chosen bands become RGB (one band: grey), samples wider than 8 bits are
/// scaled as <see cref="SceneReadOptions.Scaling"/> says.
/// </summary>
public static class SceneReader
{
    /// <summary>Reads <paramref name="path"/>; errors name the file and what is wrong.</summary>
    public static SceneRaster Read(string path, SceneReadOptions? options = null)
    {
        options ??= new SceneReadOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such scene file", path);
        return Data.Images.ImageFileCheck.IsTiff(path) ? ReadTiff(path, options) : ReadImage(path, options);
    }

    static SceneRaster ReadImage(string path, SceneReadOptions options)
    {
        if (options.Bands is { } bands && !bands.SequenceEqual([1, 2, 3]))
            throw new ArgumentException($"{path}: band choice ({string.Join(",", bands)}) applies to TIFF scenes; this file is read as RGB");
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"{path}: not a TIFF, PNG, JPEG, BMP or WebP image SkiaSharp can read");
        using var rgba = bitmap.ColorType == SKColorType.Rgba8888 ? bitmap.Copy() : bitmap.Copy(SKColorType.Rgba8888);
        var rgb = new byte[(long)bitmap.Width * bitmap.Height * 3];
        var pixels = rgba.Bytes;
        for (long i = 0, n = (long)bitmap.Width * bitmap.Height; i < n; i++)
        {
            rgb[3 * i] = pixels[4 * i];
            rgb[3 * i + 1] = pixels[4 * i + 1];
            rgb[3 * i + 2] = pixels[4 * i + 2];
        }
        return new SceneRaster(path, bitmap.Width, bitmap.Height, rgb, null, $"{bitmap.Width} × {bitmap.Height} RGB image");
    }

    static SceneRaster ReadTiff(string path, SceneReadOptions options)
    {
        GeoTiffTags.Register();
        using var tiff = Tiff.Open(path, "r") ?? throw new InvalidDataException($"{path}: LibTiff cannot open it as a TIFF");
        int width = Field(tiff, TiffTag.IMAGEWIDTH, path), height = Field(tiff, TiffTag.IMAGELENGTH, path);
        int bandCount = tiff.GetField(TiffTag.SAMPLESPERPIXEL)?[0].ToInt() ?? 1;
        int bits = tiff.GetField(TiffTag.BITSPERSAMPLE)?[0].ToInt() ?? 1;
        var format = (SampleFormat)(tiff.GetField(TiffTag.SAMPLEFORMAT)?[0].ToInt() ?? (int)SampleFormat.UINT);
        var photometric = (Photometric)(tiff.GetField(TiffTag.PHOTOMETRIC)?[0].ToInt() ?? (int)Photometric.MINISBLACK);
        bool planar = (PlanarConfig)(tiff.GetField(TiffTag.PLANARCONFIG)?[0].ToInt() ?? (int)PlanarConfig.CONTIG) == PlanarConfig.SEPARATE;
        if (bits is not (8 or 16) || format != SampleFormat.UINT)
            throw new NotSupportedException($"{path}: {bits}-bit {format} samples; scenes must have 8- or 16-bit unsigned samples");
        if (photometric is Photometric.PALETTE or Photometric.YCBCR)
            throw new NotSupportedException($"{path}: photometric {photometric} is not read; convert the scene to RGB or per-band samples");
        int[] bands = options.Bands ?? (bandCount >= 3 ? [1, 2, 3] : [1]);
        if (bands.Length is not (1 or 3) || bands.Any(b => b < 1 || b > bandCount))
            throw new ArgumentException($"{path}: bands {string.Join(",", bands)} do not fit its {bandCount} band(s); give three band numbers (or one) from 1 to {bandCount}");

        var samples = new ushort[bands.Length][];
        for (int b = 0; b < bands.Length; b++) samples[b] = new ushort[(long)width * height];
        ReadSamples(tiff, path, width, height, bandCount, bits, planar, bands, samples);

        var rgb = new byte[(long)width * height * 3];
        string scaling = bits == 8 ? "8-bit" : $"16-bit, {Describe(options)}";
        for (int channel = 0; channel < 3; channel++)
        {
            var source = samples[bands.Length == 1 ? 0 : channel];
            var map = bits == 8 ? (Func<ushort, byte>)(v => (byte)v) : Scaler(source, options);
            for (long i = 0; i < source.LongLength; i++) rgb[3 * i + channel] = map(source[i]);
        }
        var geo = GeoTiffTags.Read(tiff, path);
        return new SceneRaster(path, width, height, rgb, geo,
            $"{width} × {height} TIFF, {bandCount} band(s), bands {string.Join(",", bands)} as {(bands.Length == 1 ? "grey" : "RGB")}, {scaling}");
    }

    static void ReadSamples(Tiff tiff, string path, int width, int height, int bandCount, int bits, bool planar, int[] bands, ushort[][] samples)
    {
        int bytes = bits / 8, perPixel = planar ? 1 : bandCount;
        void Take(byte[] buffer, int plane, int x0, int y0, int blockWidth, int blockHeight, int rowStride)
        {
            for (int b = 0; b < bands.Length; b++)
            {
                int band = bands[b] - 1;
                if (planar && band != plane) continue;
                int offset = planar ? 0 : band;
                for (int row = 0; row < blockHeight && y0 + row < height; row++)
                    for (int column = 0; column < blockWidth && x0 + column < width; column++)
                    {
                        int at = row * rowStride + (column * perPixel + offset) * bytes;
                        samples[b][(long)(y0 + row) * width + x0 + column] = bytes == 1 ? buffer[at]
                            : tiff.IsBigEndian() ? (ushort)(buffer[at] << 8 | buffer[at + 1]) : (ushort)(buffer[at] | buffer[at + 1] << 8);
                    }
            }
        }
        int planes = planar ? bandCount : 1;
        if (tiff.IsTiled())
        {
            int tileWidth = Field(tiff, TiffTag.TILEWIDTH, path), tileHeight = Field(tiff, TiffTag.TILELENGTH, path);
            var buffer = new byte[tiff.TileSize()];
            for (int plane = 0; plane < planes; plane++)
                for (int y = 0; y < height; y += tileHeight)
                    for (int x = 0; x < width; x += tileWidth)
                    {
                        if (tiff.ReadTile(buffer, 0, x, y, 0, (short)plane) < 0)
                            throw new InvalidDataException($"{path}: the tile at ({x}, {y}) cannot be read (truncated or damaged)");
                        Take(buffer, plane, x, y, tileWidth, tileHeight, tileWidth * perPixel * bytes);
                    }
        }
        else
        {
            var buffer = new byte[tiff.ScanlineSize()];
            for (int plane = 0; plane < planes; plane++)
                for (int row = 0; row < height; row++)
                {
                    if (!tiff.ReadScanline(buffer, row, (short)plane))
                        throw new InvalidDataException($"{path}: row {row} cannot be read (truncated or damaged)");
                    Take(buffer, plane, 0, row, width, 1, buffer.Length);
                }
        }
    }

    static Func<ushort, byte> Scaler(ushort[] samples, SceneReadOptions options)
    {
        switch (options.Scaling)
        {
            case SampleScaling.HighByte:
                return v => (byte)(v >> 8);
            case SampleScaling.Range:
                double max = options.RangeMaximum;
                if (!(max > 0)) throw new ArgumentException($"the range maximum must be positive, got {max}");
                return v => (byte)Math.Clamp(Math.Round(v * 255.0 / max), 0, 255);
            default:
                var (low, high) = Percentiles(samples, options.LowPercentile, options.HighPercentile);
                double span = Math.Max(high - low, 1);
                return v => (byte)Math.Clamp(Math.Round((v - low) * 255.0 / span), 0, 255);
        }
    }

    // From a histogram (16-bit samples have 65,536 values), so a scene of a billion samples needs no sort.
    static (double Low, double High) Percentiles(ushort[] samples, double low, double high)
    {
        if (!(low >= 0 && high <= 100 && low < high)) throw new ArgumentException($"percentiles must satisfy 0 ≤ low < high ≤ 100, got {low} and {high}");
        var histogram = new long[65_536];
        foreach (ushort v in samples) histogram[v]++;
        long lowRank = (long)Math.Floor(low / 100 * (samples.LongLength - 1)), highRank = (long)Math.Floor(high / 100 * (samples.LongLength - 1));
        int lowValue = -1, highValue = -1;
        long seen = 0;
        for (int v = 0; v < histogram.Length; v++)
        {
            seen += histogram[v];
            if (lowValue < 0 && seen > lowRank) lowValue = v;
            if (seen > highRank) { highValue = v; break; }
        }
        return (lowValue, highValue);
    }

    static string Describe(SceneReadOptions options) => options.Scaling switch
    {
        SampleScaling.HighByte => "high byte",
        SampleScaling.Range => $"0-{options.RangeMaximum} to 0-255",
        _ => $"percentiles {options.LowPercentile}-{options.HighPercentile} stretched to 0-255 per band",
    };

    static int Field(Tiff tiff, TiffTag tag, string path) =>
        tiff.GetField(tag)?[0].ToInt() ?? throw new InvalidDataException($"{path}: the TIFF has no {tag} tag");
}
