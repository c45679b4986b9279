using BitMiracle.LibTiff.Classic;

namespace PriorClip.MLNet.Geo.Scenes;

/// <summary>
/// The GeoTIFF tags (ModelPixelScale, ModelTiepoint, GeoKeyDirectory), which LibTiff.NET does not know until they are
/// registered, and the <see cref="GeoReference"/> they describe.
/// </summary>
public static class GeoTiffTags
{
    const ushort GtRasterTypeGeoKey = 1025, GeographicTypeGeoKey = 2048, ProjectedCsTypeGeoKey = 3072;
    const int RasterPixelIsPoint = 2;
    static readonly object Gate = new();
    static bool _registered;
    static Tiff.TiffExtendProc? _parent;

    /// <summary>Registers the tags with LibTiff.NET (once per process; call before <c>Tiff.Open</c>).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered) return;
            _parent = Tiff.SetTagExtender(tiff =>
            {
                TiffFieldInfo[] info =
                [
                    new(TiffTag.GEOTIFF_MODELPIXELSCALETAG, -3, -3, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelPixelScale"),
                    new(TiffTag.GEOTIFF_MODELTIEPOINTTAG, -3, -3, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelTiepoint"),
                    new(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG, -3, -3, TiffType.SHORT, FieldBit.Custom, true, true, "GeoKeyDirectory"),
                ];
                tiff.MergeFieldInfo(info, info.Length);
                _parent?.Invoke(tiff);
            });
            _registered = true;
        }
    }

    /// <summary>
    /// The raster's placement from its GeoTIFF tags, or null when it has none. Only north-up rasters (one tiepoint and a
    /// pixel scale) are read; a ModelTransformation (rotated) raster is refused with a message.
    /// </summary>
    public static GeoReference? Read(Tiff tiff, string path)
    {
        var scale = tiff.GetField(TiffTag.GEOTIFF_MODELPIXELSCALETAG)?[1].ToDoubleArray();
        var tiepoint = tiff.GetField(TiffTag.GEOTIFF_MODELTIEPOINTTAG)?[1].ToDoubleArray();
        if (tiff.GetField(TiffTag.GEOTIFF_MODELTRANSFORMATIONTAG) is not null && (scale is null || tiepoint is null))
            throw new NotSupportedException($"{path}: the GeoTIFF places its raster with a ModelTransformation (rotated or sheared); only north-up rasters (tiepoint + pixel scale) are read");
        if (scale is null || tiepoint is null) return null;
        if (scale.Length < 2 || tiepoint.Length < 6)
            throw new InvalidDataException($"{path}: GeoTIFF ModelPixelScale has {scale.Length} values and ModelTiepoint {tiepoint.Length}; at least 2 and 6 are needed");
        var keys = ReadKeys(tiff);
        double column = tiepoint[0], row = tiepoint[1];
        // A PixelIsPoint raster's tiepoint is a pixel's centre, not its corner.
        if (keys.TryGetValue(GtRasterTypeGeoKey, out int rasterType) && rasterType == RasterPixelIsPoint) { column -= 0.5; row -= 0.5; }
        int? epsg = keys.TryGetValue(ProjectedCsTypeGeoKey, out int projected) && projected is > 0 and < 32767 ? projected
            : keys.TryGetValue(GeographicTypeGeoKey, out int geographic) && geographic is > 0 and < 32767 ? geographic
            : null;
        return new GeoReference(tiepoint[3] - column * scale[0], tiepoint[4] + row * scale[1], scale[0], scale[1], epsg);
    }

    /// <summary>Writes the tags for <paramref name="reference"/> (the tiepoint at pixel corner 0,0; PixelIsArea).</summary>
    public static void Write(Tiff tiff, GeoReference reference)
    {
        tiff.SetField(TiffTag.GEOTIFF_MODELPIXELSCALETAG, 3, new[] { reference.PixelWidth, reference.PixelHeight, 0.0 });
        tiff.SetField(TiffTag.GEOTIFF_MODELTIEPOINTTAG, 6, new[] { 0.0, 0, 0, reference.OriginX, reference.OriginY, 0 });
        var keys = new List<ushort> { 1, 1, 0, 0 };
        void Key(ushort id, int value) { keys.AddRange([id, 0, 1, (ushort)value]); keys[3]++; }
        bool geographic = reference.Epsg == 4326;
        Key(1024, geographic ? 2 : 1);                 // GTModelTypeGeoKey: geographic or projected
        Key(GtRasterTypeGeoKey, 1);                    // PixelIsArea
        if (reference.Epsg is int code) Key(geographic ? GeographicTypeGeoKey : ProjectedCsTypeGeoKey, code);
        tiff.SetField(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG, keys.Count, keys.ToArray());
    }

    static Dictionary<ushort, int> ReadKeys(Tiff tiff)
    {
        var keys = new Dictionary<ushort, int>();
        var directory = tiff.GetField(TiffTag.GEOTIFF_GEOKEYDIRECTORYTAG)?[1].ToUShortArray();
        if (directory is null || directory.Length < 4) return keys;
        int count = directory[3];
        for (int k = 0; k < count && 4 + 4 * k + 3 < directory.Length; k++)
        {
            ushort id = directory[4 + 4 * k], location = directory[5 + 4 * k];
            if (location == 0) keys[id] = directory[7 + 4 * k]; // value held in the directory itself (all keys read here are)
        }
        return keys;
    }
}
