using PriorClip.MLNet.Geo.Localization;
using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Tests.Geo;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip localize</c> on a georeferenced scene stitched from synthetic images, with the trained demo model.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LocalizeVerbTests : IDisposable
{
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-localize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LocalizeWritesTheHeatMapTilesAndGeoJsonAndListsTheBestTiles()
    {
        string scene = Path.Combine(_dir, "scene.tif"), output = Path.Combine(_dir, "out");
        var captions = SceneLocalizerTests.StitchedScene(_dir, scene, new GeoReference(400_000, 5_000_000, 10, 10, 32633));
        var run = CliHarness.Run("localize", "-m", DemoModel, "-s", scene, "-q", captions[3], "--overlap", "48", "--top", "3", "-o", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Scene: 128 × 128 TIFF, 3 band(s), bands 1,2,3 as RGB, 8-bit, EPSG:32633, 10 × 10 map units per pixel", run.Out);
        Assert.Contains("25 tiles of 64 px (5 × 5, overlap 48); best:", run.Out);
        var best = run.Out.Split('\n').SkipWhile(l => !l.Contains("rank  score", StringComparison.Ordinal)).Skip(1).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1", best[0]);
        Assert.True(int.Parse(best[2]) >= 32 && int.Parse(best[3]) >= 32, $"the farmland quarter is bottom-right: {string.Join(' ', best)}");
        foreach (var file in new[] { LocalizationOutputs.GridFile, LocalizationOutputs.OverlayFile, LocalizationOutputs.TilesFile, LocalizationOutputs.GeoJsonFile, LocalizationOutputs.ReportFile })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
    }

    [Fact]
    public void BadOptionsAndScenesAreNamed()
    {
        string scene = Path.Combine(_dir, "four.tif");
        TestTiff.Write(scene, 64, 64, bands: 4, bits: 16, (b, x, y) => 100 * b + x);
        var bands = CliHarness.Run("localize", "-m", DemoModel, "-s", scene, "-q", "fields", "--bands", "4,3,9", "-o", Path.Combine(_dir, "a"));
        Assert.Equal(1, bands.ExitCode);
        Assert.Contains($"{scene}: bands 4,3,9 do not fit its 4 band(s)", bands.Error);
        Assert.DoesNotContain("   at ", bands.Error); // no stack trace without --verbose
        var scale = CliHarness.Run("localize", "-m", DemoModel, "-s", scene, "-q", "fields", "--scale", "range:-3", "-o", Path.Combine(_dir, "b"));
        Assert.Equal(1, scale.ExitCode);
        Assert.Contains("--scale: 'range:-3' is not percentile, high-byte or range:MAX with a positive MAX", scale.Error);
        var plain = CliHarness.Run("localize", "-m", DemoModel, "-s", scene, "-q", "fields", "--bands", "4,3,2", "--scale", "range:400", "-o", Path.Combine(_dir, "c"));
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("not georeferenced", plain.Out);
        Assert.False(File.Exists(Path.Combine(_dir, "c", LocalizationOutputs.GeoJsonFile)));
    }
}
