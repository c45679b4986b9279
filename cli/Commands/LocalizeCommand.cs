using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using PriorClip.MLNet.Geo.Localization;
using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary><c>priorclip localize</c>: where in a large scene (GeoTIFF, PNG, JPEG) a caption matches — heat map, top tiles, GeoJSON.</summary>
internal static class LocalizeCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model .zip written by 'train', 'demo' or 'import'.", Required = true };
        var scene = new Option<string>("--scene", "-s") { Description = "The scene: a GeoTIFF / TIFF (8- or 16-bit, any bands) or a PNG / JPEG.", Required = true };
        var query = new Option<string>("--query", "-q") { Description = "The caption to find.", Required = true };
        var tile = new Option<int?>("--tile") { Description = "Tile side in scene pixels (default: the model's input size)." };
        var overlap = new Option<int?>("--overlap") { Description = "Pixels shared by neighbouring tiles (default: half a tile)." };
        var bands = new Option<string?>("--bands") { Description = "TIFF bands (from 1) that become R,G,B, e.g. 4,3,2; one band is read as grey (default: 1,2,3)." };
        var scale = new Option<string>("--scale") { Description = "16-bit samples to 0-255: percentile (2nd-98th per band), high-byte, or range:MAX (e.g. range:10000).", DefaultValueFactory = _ => "percentile" };
        var top = new Option<int>("--top") { Description = "Best tiles to frame, list and show.", DefaultValueFactory = _ => 5 };
        var output = new Option<string>("--output", "-o") { Description = "Folder for heatmap.npy, heatmap.png, tiles.json, tiles.geojson (georeferenced scenes) and localize.html.", DefaultValueFactory = _ => "out/localize" };
        var command = new Command("localize", "Find where a caption matches in a large scene: the scene is cut into overlapping tiles, each encoded, and scored against the caption.\n\n" +
                                              "Example:\n  priorclip localize -m out/demo/priorclip-tiny.zip -s scene.tif -q \"boats beside the piers\" --tile 64 --overlap 32 -o out/harbour")
        { model, scene, query, tile, overlap, bands, scale, top, output };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            var loaded = PriorClipModelFile.Load(ml, EvalCommand.RequireFile(r.GetValue(model)!, "--model"), out _);
            var raster = SceneReader.Read(EvalCommand.RequireFile(r.GetValue(scene)!, "--scene"), ReadOptions(r.GetValue(bands), r.GetValue(scale)!));
            Console.WriteLine($"Scene: {raster.Description}{(raster.Geo is { } g ? $", EPSG:{g.Epsg?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, {g.PixelWidth:G} × {g.PixelHeight:G} map units per pixel" : ", not georeferenced")}");
            int size = r.GetValue(tile) ?? RetrievalModelParts.From(loaded).Encoder.ImageSize;
            int shared = r.GetValue(overlap) ?? size / 2;
            var localizer = new SceneLocalizer(loaded);
            var count = PriorClip.MLNet.Geo.Tiling.SceneTiler.Tiles(raster.Width, raster.Height, size, shared).Count;
            var progress = new ConsoleLineProgress("tiles", count);
            var tiles = localizer.EncodeTiles(raster, size, shared, progress);
            progress.Done();
            var result = localizer.Localize(tiles, r.GetValue(query)!);
            int best = Math.Max(1, r.GetValue(top));
            Console.WriteLine($"{tiles.Tiles.Count} tiles of {size} px ({tiles.GridRows} × {tiles.GridColumns}, overlap {shared}); best:");
            Console.WriteLine("  rank  score    x      y      w × h" + (result.Ranked[0].Wgs84Corners is null ? "" : "     centre (lon, lat)"));
            foreach (var t in result.Ranked.Take(best))
            {
                string centre = t.Wgs84Corners is { } c ? string.Create(CultureInfo.InvariantCulture, $"    {(c[0].Longitude + c[2].Longitude) / 2:F6}, {(c[0].Latitude + c[2].Latitude) / 2:F6}") : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Rank,4}  {t.Score,6:F4} {t.Tile.X,6} {t.Tile.Y,6}  {t.Tile.Width,4} × {t.Tile.Height}{centre}"));
            }
            if (raster.Geo is { CanConvertToWgs84: false } unsupported)
                Console.WriteLine($"note: EPSG:{unsupported.Epsg} cannot be converted to WGS 84 here, so no GeoJSON; tiles.json has the footprints in the file's CRS");
            foreach (var file in LocalizationOutputs.Write(result, r.GetValue(output)!, best)) Console.WriteLine($"Wrote {file}");
            return 0;
        }));
        return command;
    }

    internal static SceneReadOptions ReadOptions(string? bands, string scale)
    {
        int[]? chosen = bands?.Split(',').Select(b => int.TryParse(b.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n
            : throw new ArgumentException($"--bands: '{b}' is not a band number (give e.g. 4,3,2)")).ToArray();
        return scale switch
        {
            "percentile" => new SceneReadOptions { Bands = chosen, Scaling = SampleScaling.Percentile },
            "high-byte" => new SceneReadOptions { Bands = chosen, Scaling = SampleScaling.HighByte },
            _ when scale.StartsWith("range:", StringComparison.Ordinal) && double.TryParse(scale[6..], NumberStyles.Float, CultureInfo.InvariantCulture, out double max) && max > 0 =>
                new SceneReadOptions { Bands = chosen, Scaling = SampleScaling.Range, RangeMaximum = max },
            _ => throw new ArgumentException($"--scale: '{scale}' is not percentile, high-byte or range:MAX with a positive MAX"),
        };
    }
}
