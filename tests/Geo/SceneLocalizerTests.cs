using Microsoft.ML;
using PriorClip.MLNet.Data.Synthetic;
using PriorClip.MLNet.Geo.Localization;
using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Transforms;
using SkiaSharp;
using Xunit.Abstractions;

namespace PriorClip.MLNet.Tests.Geo;

/// <summary>
/// A scene stitched from four synthetic test images of different classes, as a georeferenced GeoTIFF, localized with the
/// trained demo model: each image's caption puts the heat map's peak on that image's quarter of the scene, and the
/// outputs (grid, picture, GeoJSON) describe the same tiles.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class SceneLocalizerTests(ITestOutputHelper output) : IDisposable
{
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
    static readonly string[] Classes = [SceneClasses.Harbor, SceneClasses.Forest, SceneClasses.Airport, SceneClasses.Farmland];
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-localize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes the 128 × 128 scene (quarters in <see cref="Classes"/> order, row-major) and returns each quarter's first caption.</summary>
    internal static string[] StitchedScene(string folder, string path, GeoReference geo)
    {
        var set = SyntheticDatasetGenerator.Generate(Path.Combine(folder, "synthetic"), new SyntheticDatasetOptions { TrainImages = 0, ValImages = 0, TestImages = 120, Seed = 7 });
        var picks = Classes.Select(c => set.Images.First(i => i.Scene.SceneClass == c)).ToArray();
        using var bitmaps = new DisposableList(picks.Select(p => SKBitmap.Decode(Path.Combine(set.ImagesDirectory, p.FileName))));
        TestTiff.Write(path, 128, 128, bands: 3, bits: 8, (b, x, y) =>
        {
            var color = bitmaps[(y / 64) * 2 + x / 64].GetPixel(x % 64, y % 64);
            return b == 0 ? color.Red : b == 1 ? color.Green : color.Blue;
        }, geo);
        return picks.Select(p => p.Captions[0]).ToArray();
    }

    [Fact]
    public void EachQuartersCaptionPutsTheHeatMapsPeakOnThatQuarter()
    {
        string path = Path.Combine(_dir, "scene.tif");
        var captions = StitchedScene(_dir, path, new GeoReference(400_000, 5_000_000, 10, 10, 32633));
        var ml = new MLContext(seed: 1).RegisterPriorClip();
        var localizer = new SceneLocalizer(ml.Model.Load(DemoModel, out _));
        var tiles = localizer.EncodeTiles(SceneReader.Read(path), tileSize: 64, overlap: 48);
        Assert.Equal((5, 5, 25), (tiles.GridRows, tiles.GridColumns, tiles.Embeddings.Rows));

        for (int quarter = 0; quarter < 4; quarter++)
        {
            var result = localizer.Localize(tiles, captions[quarter]);
            var (values, w, h) = result.Dense(step: 4);
            int peak = Enumerable.Range(0, values.Length).MaxBy(i => values[i]);
            int px = peak % w * 4, py = peak / w * 4;
            output.WriteLine($"{Classes[quarter]} \"{captions[quarter]}\": peak at ({px}, {py}), best tile {result.Ranked[0].Tile}");
            Assert.True(px / 64 == quarter % 2 && py / 64 == quarter / 2,
                $"\"{captions[quarter]}\" ({Classes[quarter]}, quarter {quarter}): the heat map peaks at ({px}, {py})");
        }
    }

    [Fact]
    public void TheOutputsDescribeTheSameRankedTilesAndTheirFootprints()
    {
        string path = Path.Combine(_dir, "scene.tif");
        var captions = StitchedScene(_dir, path, new GeoReference(400_000, 5_000_000, 10, 10, 32633));
        var ml = new MLContext(seed: 1).RegisterPriorClip();
        var localizer = new SceneLocalizer(ml.Model.Load(DemoModel, out _));
        var result = localizer.Localize(localizer.EncodeTiles(SceneReader.Read(path), tileSize: 64, overlap: 32), captions[0]);
        string folder = Path.Combine(_dir, "out");
        var written = LocalizationOutputs.Write(result, folder, top: 3);
        Assert.Equal(5, written.Count);

        var grid = Pipelines.Retrieval.NpyFile.ReadEmbeddingMatrix(Path.Combine(folder, LocalizationOutputs.GridFile));
        Assert.Equal((3, 3), (grid.Rows, grid.Dimension));
        Assert.Equal(result.Grid, grid.Values.ToArray());
        Assert.Equal(result.Ranked[0].Score, result.Grid.Max());

        using var overlay = SKBitmap.Decode(Path.Combine(folder, LocalizationOutputs.OverlayFile));
        Assert.Equal((128, 128), (overlay.Width, overlay.Height));

        var geoJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, LocalizationOutputs.GeoJsonFile))).RootElement;
        Assert.Equal("FeatureCollection", geoJson.GetProperty("type").GetString());
        var features = geoJson.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(9, features.Count);
        var best = features[0];
        Assert.Equal(1, best.GetProperty("properties").GetProperty("rank").GetInt32());
        var ring = best.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        Assert.Equal(5, ring.Count); // closed ring
        var tile = result.Ranked[0].Tile;
        var geo = result.Tiles.Scene.Geo!;
        var (x, y) = geo.ToMap(tile.X, tile.Y);
        var (lon, lat) = geo.ToWgs84(x, y);
        Assert.Equal(lon, ring[0].Item1, 9);
        Assert.Equal(lat, ring[0].Item2, 9);
        Assert.Equal("EPSG:32633", best.GetProperty("properties").GetProperty("crs").GetString());

        string html = File.ReadAllText(Path.Combine(folder, LocalizationOutputs.ReportFile));
        Assert.Contains("data:image/png;base64,", html);
        Assert.Equal(1 + 3, html.Split("<img").Length - 1); // the overlay and the three best tiles
    }

    sealed class DisposableList(IEnumerable<SKBitmap> items) : List<SKBitmap>(items), IDisposable
    {
        public void Dispose() { foreach (var b in this) b.Dispose(); }
    }
}
