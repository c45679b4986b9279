using System.Text.Json;
using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Search.Metadata;
using PriorClip.MLNet.Tests.Geo;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip tiles</c> builds a searchable archive of two scenes' tiles; <c>search --bbox/--from/--to</c> keeps the right ones.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TilesVerbTests : IDisposable
{
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-tiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TwoScenesTilesAreSearchedAndFilteredByPlaceAndDate()
    {
        // The same stitched scene twice, 20 km apart in UTM zone 33N, taken on two dates.
        string west = Path.Combine(_dir, "west.tif"), east = Path.Combine(_dir, "east.tif"), archive = Path.Combine(_dir, "archive");
        var captions = SceneLocalizerTests.StitchedScene(_dir, west, new GeoReference(400_000, 5_000_000, 10, 10, 32633));
        SceneLocalizerTests.StitchedScene(Path.Combine(_dir, "e"), east, new GeoReference(420_000, 5_000_000, 10, 10, 32633));
        var tiles = CliHarness.Run("tiles", "-m", DemoModel, "-s", $"{west}@2024-05-01", "-s", $"{east}@2024-06-12", "--tile", "64", "--overlap", "32", "-o", archive);
        Assert.True(tiles.ExitCode == 0, tiles.ToString());
        Assert.Contains("Encoded 18 tiles of 64 px (overlap 32) from 2 scene(s); 18 with a WGS 84 footprint", tiles.Out);
        var items = ArchiveMetadataFile.Read(Path.Combine(archive, ArchiveMetadataFile.FileName));
        Assert.Equal(18, items.Count);
        Assert.Equal(File.ReadAllLines(Path.Combine(archive, "image_ids.txt")), items.Select(i => i.Id));
        Assert.Equal("west#0,0", items[0].Id);
        Assert.Equal([0, 0, 64, 64], items[0].Tile!);

        string[] Search(params string[] extra)
        {
            var run = CliHarness.Run(["search", "-m", DemoModel, "--index", archive, "-q", captions[0], "--top", "18", "--json", .. extra]);
            Assert.True(run.ExitCode == 0, run.ToString());
            return JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
        }
        var all = Search();
        Assert.Equal(18, all.Length);
        Assert.Contains(all[0], new[] { "west#0,0", "east#0,0", "west#0,1", "east#0,1", "west#1,0", "east#1,0", "west#1,1", "east#1,1" }); // a harbour-quarter tile
        // West scene: easting 400,000-401,280 m ≈ 13.728-13.745° E; a box round it keeps its nine tiles only.
        var westOnly = Search("--bbox", "13.72,45.13,13.75,45.15");
        Assert.Equal(9, westOnly.Length);
        Assert.All(westOnly, n => Assert.StartsWith("west#", n));
        Assert.Equal(all.Where(n => n.StartsWith("west#", StringComparison.Ordinal)), westOnly); // same order as unfiltered
        Assert.All(Search("--from", "2024-06-01"), n => Assert.StartsWith("east#", n));
        Assert.Equal(9, Search("--to", "2024-05-01").Length);

        var bad = CliHarness.Run("search", "-m", DemoModel, "--index", archive, "-q", captions[0], "--bbox", "13.75,45.13,13.72,45.15");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--bbox: '13.75,45.13,13.72,45.15' is not min lon,min lat,max lon,max lat", bad.Error);
    }
}
