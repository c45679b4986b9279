using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace PriorClip.MLNet.Geo.Localization;

/// <summary>
/// The ranked tiles as a GeoJSON FeatureCollection: each tile's footprint as a WGS 84 polygon (GeoJSON's only CRS) with
/// its rank, score, grid cell, pixel box and the footprint in the file's own CRS.
/// </summary>
public static class LocalizationGeoJson
{
    /// <summary>GeoJSON text, or null when the scene's footprints cannot be given in WGS 84.</summary>
    public static string? Write(LocalizationResult result, int? top = null)
    {
        var tiles = result.Ranked.Take(top ?? result.Ranked.Count).ToList();
        if (tiles.Count == 0 || tiles[0].Wgs84Corners is null) return null;
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var collection = new FeatureCollection();
        foreach (var t in tiles)
        {
            var ring = t.Wgs84Corners!.Append(t.Wgs84Corners![0]).Select(c => new Coordinate(c.Longitude, c.Latitude)).ToArray();
            var box = t.Tile;
            collection.Add(new Feature(factory.CreatePolygon(ring), new AttributesTable(new Dictionary<string, object>
            {
                ["rank"] = t.Rank,
                ["score"] = t.Score,
                ["query"] = result.Query,
                ["tile"] = box.Index,
                ["grid_row"] = box.Row,
                ["grid_column"] = box.Column,
                ["pixel_box"] = new[] { box.X, box.Y, box.Width, box.Height },
                ["crs"] = $"EPSG:{result.Tiles.Scene.Geo!.Epsg}",
                ["crs_corners"] = t.MapCorners!.Select(c => new[] { c.X, c.Y }).ToArray(),
            })));
        }
        var options = new JsonSerializerOptions { WriteIndented = true };
        options.Converters.Add(new GeoJsonConverterFactory());
        return JsonSerializer.Serialize(collection, options);
    }
}
