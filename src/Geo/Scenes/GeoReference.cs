using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace PriorClip.MLNet.Geo.Scenes;

/// <summary>
/// Where a north-up raster lies: the map coordinates of its top-left corner, the size of a pixel in map units, and the
/// map's coordinate reference system as an EPSG code. Pixel (column, row) has its top-left corner at
/// <c>(OriginX + column · PixelWidth, OriginY − row · PixelHeight)</c>.
/// </summary>
/// <param name="OriginX">Map x (easting or longitude) of the raster's top-left corner.</param>
/// <param name="OriginY">Map y (northing or latitude) of the raster's top-left corner.</param>
/// <param name="PixelWidth">Map units per pixel, left to right.</param>
/// <param name="PixelHeight">Map units per pixel, top to bottom (positive: y decreases downwards).</param>
/// <param name="Epsg">The CRS's EPSG code (e.g. 32633 for WGS 84 / UTM zone 33N), or null when the file does not say.</param>
public sealed record GeoReference(double OriginX, double OriginY, double PixelWidth, double PixelHeight, int? Epsg)
{
    /// <summary>Map coordinates of a pixel-space point (x = column, y = row; corners are whole numbers).</summary>
    public (double X, double Y) ToMap(double column, double row) => (OriginX + column * PixelWidth, OriginY - row * PixelHeight);

    /// <summary>True when <see cref="ToWgs84"/> can convert this CRS (WGS 84, Web Mercator, WGS 84 / UTM north and south).</summary>
    public bool CanConvertToWgs84 => Epsg is int code && Wgs84Transform(code) is not null;

    /// <summary>Longitude and latitude (WGS 84, degrees) of map coordinates in this CRS.</summary>
    /// <exception cref="NotSupportedException">The CRS is unknown or not among those supported.</exception>
    public (double Longitude, double Latitude) ToWgs84(double x, double y)
    {
        var transform = Epsg is int code ? Wgs84Transform(code) : null;
        if (transform is null)
            throw new NotSupportedException(Epsg is null
                ? "the raster names no CRS (no ProjectedCSTypeGeoKey or GeographicTypeGeoKey), so its footprints cannot be given in WGS 84"
                : $"EPSG:{Epsg} is not supported for WGS 84 footprints (supported: 4326, 3857, 32601-32660, 32701-32760); footprints stay in the file's CRS");
        if (transform == Identity) return (x, y);
        var (lon, lat) = transform.MathTransform.Transform(x, y);
        return (lon, lat);
    }

    static readonly ICoordinateTransformation Identity = new CoordinateTransformationFactory()
        .CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, GeographicCoordinateSystem.WGS84);

    // ProjNET carries no EPSG database; the systems remote-sensing archives use most are built from its own definitions.
    static ICoordinateTransformation? Wgs84Transform(int epsg)
    {
        CoordinateSystem? source = epsg switch
        {
            4326 => null,
            3857 => ProjectedCoordinateSystem.WebMercator,
            >= 32601 and <= 32660 => ProjectedCoordinateSystem.WGS84_UTM(epsg - 32600, true),
            >= 32701 and <= 32760 => ProjectedCoordinateSystem.WGS84_UTM(epsg - 32700, false),
            _ => null,
        };
        if (epsg == 4326) return Identity;
        return source is null ? null : new CoordinateTransformationFactory().CreateFromCoordinateSystems(source, GeographicCoordinateSystem.WGS84);
    }
}
