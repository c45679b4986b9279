using BitMiracle.LibTiff.Classic;
using PriorClip.MLNet.Geo.Scenes;

namespace PriorClip.MLNet.Tests.Geo;

/// <summary>Writes (Geo)TIFF fixtures with LibTiff.NET: 8- or 16-bit samples, any band count, strips or tiles, bands interleaved or in planes.</summary>
internal static class TestTiff
{
    /// <summary>Writes <paramref name="sample"/>(band, x, y) for every pixel.</summary>
    public static void Write(string path, int width, int height, int bands, int bits, Func<int, int, int, int> sample,
        GeoReference? geo = null, bool tiled = false, bool planar = false)
    {
        GeoTiffTags.Register();
        using var tiff = Tiff.Open(path, "w");
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, bands);
        tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
        tiff.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.UINT);
        bool rgb = bands == 3 && bits == 8;
        tiff.SetField(TiffTag.PHOTOMETRIC, rgb ? Photometric.RGB : Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, planar ? PlanarConfig.SEPARATE : PlanarConfig.CONTIG);
        // Multi-band satellite data: one grey channel plus unspecified extra samples, as GDAL writes it.
        if (!rgb && bands > 1) tiff.SetField(TiffTag.EXTRASAMPLES, bands - 1, new short[bands - 1]);
        if (geo is not null) GeoTiffTags.Write(tiff, geo);
        int bytes = bits / 8, perPixel = planar ? 1 : bands, planes = planar ? bands : 1;
        void Put(byte[] buffer, int at, int value)
        {
            if (bytes == 1) buffer[at] = (byte)value;
            else { buffer[at] = (byte)value; buffer[at + 1] = (byte)(value >> 8); } // LibTiff writes the machine's (little-endian) order
        }
        if (tiled)
        {
            const int tile = 16;
            tiff.SetField(TiffTag.TILEWIDTH, tile);
            tiff.SetField(TiffTag.TILELENGTH, tile);
            var buffer = new byte[tile * tile * perPixel * bytes];
            for (int plane = 0; plane < planes; plane++)
                for (int y0 = 0; y0 < height; y0 += tile)
                    for (int x0 = 0; x0 < width; x0 += tile)
                    {
                        Array.Clear(buffer);
                        for (int y = 0; y < tile && y0 + y < height; y++)
                            for (int x = 0; x < tile && x0 + x < width; x++)
                                for (int b = 0; b < perPixel; b++)
                                    Put(buffer, ((y * tile + x) * perPixel + b) * bytes, sample(planar ? plane : b, x0 + x, y0 + y));
                        tiff.WriteTile(buffer, x0, y0, 0, (short)plane);
                    }
        }
        else
        {
            tiff.SetField(TiffTag.ROWSPERSTRIP, 8);
            var row = new byte[width * perPixel * bytes];
            for (int plane = 0; plane < planes; plane++)
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                        for (int b = 0; b < perPixel; b++)
                            Put(row, (x * perPixel + b) * bytes, sample(planar ? plane : b, x, y));
                    tiff.WriteScanline(row, y, (short)plane);
                }
        }
    }
}
