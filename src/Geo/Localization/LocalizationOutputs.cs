using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Pipelines.Retrieval;
using SkiaSharp;

namespace PriorClip.MLNet.Geo.Localization;

/// <summary>
/// Writes a localization into a folder: <c>heatmap.npy</c> (the raw tile-score grid, float32 [rows, columns]),
/// <c>heatmap.png</c> (the scene with the map over it and the top tiles framed), <c>tiles.json</c> (every tile ranked,
/// with its box and footprints), <c>tiles.geojson</c> (when georeferenced) and <c>localize.html</c> (the picture and the
/// top tiles side by side). Every file is written under a temporary name and renamed.
/// </summary>
public static class LocalizationOutputs
{
    /// <summary>File names in the output folder.</summary>
    public const string GridFile = "heatmap.npy", OverlayFile = "heatmap.png", TilesFile = "tiles.json", GeoJsonFile = "tiles.geojson", ReportFile = "localize.html";

    /// <summary>Writes every output; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(LocalizationResult result, string folder, int top)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        string Output(string name) { var p = Path.Combine(folder, name); written.Add(p); return p; }
        var tiles = result.Tiles;
        NpyFile.WriteEmbeddingMatrix(Output(GridFile), new EmbeddingMatrix(result.Grid, tiles.GridRows, tiles.GridColumns));
        var overlay = HeatMapImage.Png(result, top);
        AtomicFile.WriteAllBytes(Output(OverlayFile), overlay);
        AtomicFile.WriteAllText(Output(TilesFile), JsonSerializer.Serialize(new
        {
            query = result.Query,
            scene = tiles.Scene.Path,
            scene_description = tiles.Scene.Description,
            crs = tiles.Scene.Geo?.Epsg is int code ? $"EPSG:{code}" : null,
            grid = new { rows = tiles.GridRows, columns = tiles.GridColumns },
            tiles = result.Ranked.Select(t => new
            {
                rank = t.Rank,
                score = t.Score,
                tile = t.Tile.Index,
                row = t.Tile.Row,
                column = t.Tile.Column,
                pixel_box = new[] { t.Tile.X, t.Tile.Y, t.Tile.Width, t.Tile.Height },
                crs_corners = t.MapCorners?.Select(c => new[] { c.X, c.Y }),
                wgs84_corners = t.Wgs84Corners?.Select(c => new[] { c.Longitude, c.Latitude }),
            }),
        }, new JsonSerializerOptions { WriteIndented = true }));
        if (LocalizationGeoJson.Write(result) is { } geoJson) AtomicFile.WriteAllText(Output(GeoJsonFile), geoJson);
        AtomicFile.WriteAllText(Output(ReportFile), Html(result, overlay, top));
        return written;
    }

    static string Html(LocalizationResult result, byte[] overlay, int top)
    {
        var scene = result.Tiles.Scene;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PriorCLIP localization</title><style>")
            .Append("body{font-family:sans-serif;margin:1.5em}img.scene{max-width:100%}table{border-collapse:collapse}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}")
            .Append("</style></head><body>")
            .Append($"<h1>“{E(result.Query)}”</h1><p>{E(scene.Path)}: {E(scene.Description)}; {result.Tiles.Tiles.Count} tiles ({result.Tiles.GridRows} × {result.Tiles.GridColumns}). ")
            .Append("Colour: the mean score of the tiles covering each point, from dark blue (lowest in this scene) to yellow (highest); frames: the best tiles.</p>")
            .Append($"<img class=\"scene\" alt=\"heat map\" src=\"data:image/png;base64,{Convert.ToBase64String(overlay)}\">")
            .Append("<h2>Best tiles</h2><table><tr><th>rank</th><th>tile</th><th>score</th><th>pixel box (x, y, w, h)</th><th>centre (lon, lat)</th></tr>");
        foreach (var t in result.Ranked.Take(top))
        {
            var b = t.Tile;
            string centre = t.Wgs84Corners is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"{(c[0].Longitude + c[2].Longitude) / 2:F6}, {(c[0].Latitude + c[2].Latitude) / 2:F6}")
                : "—";
            html.Append($"<tr><td>{t.Rank}</td><td><img alt=\"tile {b.Index}\" src=\"data:image/png;base64,{Thumbnail(scene, b)}\"></td>")
                .Append(string.Create(CultureInfo.InvariantCulture, $"<td>{t.Score:F4}</td><td>{b.X}, {b.Y}, {b.Width}, {b.Height}</td><td>{centre}</td></tr>"));
        }
        return html.Append("</table></body></html>").ToString();
    }

    static string Thumbnail(Scenes.SceneRaster scene, Tiling.SceneTile tile)
    {
        using var crop = scene.Bitmap(tile.X, tile.Y, tile.Width, tile.Height);
        int side = 128;
        using var small = crop.Resize(new SKImageInfo(side, side * tile.Height / tile.Width), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var image = SKImage.FromBitmap(small);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return Convert.ToBase64String(png.ToArray());
    }

    static string E(string text) => WebUtility.HtmlEncode(text);
}
