using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Geo.Tiling;
using PriorClip.MLNet.Tests.Data.Images;

namespace PriorClip.MLNet.Tests.Geo;

/// <summary>GeoTIFF and image scenes read with their bands, bit depths and placement; tiles cut and placed on Earth.</summary>
public sealed class GeoTiffSceneTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-geo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // WGS 84 / UTM zone 33N, 10 m pixels, top-left corner at easting 400,000 m, northing 5,000,000 m (northern Italy).
    static readonly GeoReference Utm33 = new(400_000, 5_000_000, 10, 10, 32633);

    string Path_(string name) => Path.Combine(_dir, name);

    [Fact]
    public void An8BitRgbGeoTiffIsReadWithItsPixelsAndPlacement()
    {
        string path = Path_("scene.tif");
        TestTiff.Write(path, 200, 120, bands: 3, bits: 8, (b, x, y) => (x + 2 * y + 50 * b) % 256, Utm33);
        var scene = SceneReader.Read(path);
        Assert.Equal((200, 120), (scene.Width, scene.Height));
        Assert.Equal(Utm33, scene.Geo);
        foreach (var (x, y) in new[] { (0, 0), (199, 0), (17, 93), (199, 119) })
            for (int b = 0; b < 3; b++)
                Assert.Equal((byte)((x + 2 * y + 50 * b) % 256), scene.Rgb[(y * 200 + x) * 3 + b]);
        Assert.Contains("3 band(s), bands 1,2,3 as RGB, 8-bit", scene.Description);
    }

    [Fact]
    public void TilesCoverTheSceneAndTheLastOnesSitFlushWithTheEdges()
    {
        var tiles = SceneTiler.Tiles(200, 120, size: 64, overlap: 16);
        Assert.Equal([0, 48, 96, 136], tiles.Where(t => t.Row == 0).Select(t => t.X));
        Assert.Equal([0, 48, 56], tiles.Where(t => t.Column == 0).Select(t => t.Y));
        Assert.Equal((3, 4), SceneTiler.GridSize(200, 120, 64, 16));
        Assert.All(tiles, t => Assert.True(t.X + t.Width <= 200 && t.Y + t.Height <= 120 && t.Width == 64 && t.Height == 64));
        Assert.Equal(Enumerable.Range(0, 12), tiles.Select(t => t.Index));
        // A scene smaller than a tile is one tile of the scene's size.
        Assert.Equal([new SceneTile(0, 0, 0, 0, 0, 40, 30)], SceneTiler.Tiles(40, 30, 64, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => SceneTiler.Tiles(200, 120, 64, 64));
    }

    [Fact]
    public void TileFootprintsInUtmAndWgs84MatchHandComputedCorners()
    {
        // Reference corners from PROJ (pyproj 3.4.1, Transformer.from_crs(32633, 4326, always_xy=True)).
        var geo = Utm33;
        Assert.Equal((400_000.0, 5_000_000.0), geo.ToMap(0, 0));
        Assert.Equal((400_640.0, 4_999_360.0), geo.ToMap(64, 64));
        AssertLonLat((13.727967039689757, 45.14639287617173), geo.ToWgs84(400_000, 5_000_000));
        AssertLonLat((13.73610605797019, 45.14648325053832), geo.ToWgs84(400_640, 5_000_000));
        AssertLonLat((13.736233337598103, 45.14072356649438), geo.ToWgs84(400_640, 4_999_360));
        AssertLonLat((13.728095138415362, 45.140633210174), geo.ToWgs84(400_000, 4_999_360));
        AssertLonLat((13.75363695349784, 45.135873886903006), geo.ToWgs84(402_000, 4_998_800));
        // On the central meridian at the equator a UTM zone 33 coordinate is exactly 15° E, 0°.
        AssertLonLat((15, 0), geo.ToWgs84(500_000, 0));

        Assert.False(new GeoReference(0, 0, 1, 1, 2154).CanConvertToWgs84);
        var unsupported = Assert.Throws<NotSupportedException>(() => new GeoReference(0, 0, 1, 1, 2154).ToWgs84(0, 0));
        Assert.Contains("EPSG:2154 is not supported", unsupported.Message);
        Assert.Equal((2.5, 48.5), new GeoReference(2, 49, 0.5, 0.5, 4326).ToWgs84(2.5, 48.5));
    }

    static void AssertLonLat((double Lon, double Lat) expected, (double Longitude, double Latitude) actual)
    {
        // 1e-9 degrees is about 0.1 mm on the ground.
        Assert.True(Math.Abs(expected.Lon - actual.Longitude) < 1e-9 && Math.Abs(expected.Lat - actual.Latitude) < 1e-9,
            $"expected ({expected.Lon}, {expected.Lat}), got ({actual.Longitude}, {actual.Latitude})");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void SixteenBitMultibandScenesTakeTheChosenBandsScaledAsAsked(bool tiled, bool planar)
    {
        // Four bands of 16-bit reflectance-like values: band b holds 1000·(b+1) + x.
        string path = Path_($"s2-{tiled}-{planar}.tif");
        TestTiff.Write(path, 40, 24, bands: 4, bits: 16, (b, x, y) => 1000 * (b + 1) + x, tiled: tiled, planar: planar);

        var range = SceneReader.Read(path, new SceneReadOptions { Bands = [4, 3, 2], Scaling = SampleScaling.Range, RangeMaximum = 5000 });
        int at = (5 * 40 + 10) * 3; // pixel x = 10, y = 5
        Assert.Equal(new byte[] { Scale(4010), Scale(3010), Scale(2010) }, range.Rgb[at..(at + 3)]);
        static byte Scale(int v) => (byte)Math.Round(v * 255.0 / 5000);

        var high = SceneReader.Read(path, new SceneReadOptions { Bands = [1], Scaling = SampleScaling.HighByte });
        Assert.Equal(new byte[] { 1010 >> 8, 1010 >> 8, 1010 >> 8 }, high.Rgb[at..(at + 3)]); // one band is grey

        // Percentile stretch per band: x runs 0..39, 24 rows each; of the 960 samples the 2nd-percentile one (rank 19) has
        // x = 0 and the 98th-percentile one (rank 939) x = 39.
        var stretched = SceneReader.Read(path, new SceneReadOptions { Bands = [1, 2, 3] });
        Assert.Equal(0, stretched.Rgb[0]);
        Assert.Equal(255, stretched.Rgb[39 * 3]);
        Assert.Equal((byte)Math.Round(10 * 255.0 / 39), stretched.Rgb[at]);
        var narrow = SceneReader.Read(path, new SceneReadOptions { Bands = [1, 2, 3], LowPercentile = 25, HighPercentile = 75 });
        Assert.Equal(0, narrow.Rgb[9 * 3]);    // rank 239 → x = 9, mapped to 0
        Assert.Equal(255, narrow.Rgb[29 * 3]); // rank 719 → x = 29, mapped to 255
        Assert.Contains("16-bit, percentiles 2-98 stretched to 0-255 per band", stretched.Description);
    }

    [Fact]
    public void BadScenesAndBandsAreNamedClearly()
    {
        string path = Path_("four.tif");
        TestTiff.Write(path, 8, 8, bands: 4, bits: 16, (b, x, y) => b);
        var bands = Assert.Throws<ArgumentException>(() => SceneReader.Read(path, new SceneReadOptions { Bands = [1, 2, 5] }));
        Assert.Equal($"{path}: bands 1,2,5 do not fit its 4 band(s); give three band numbers (or one) from 1 to 4", bands.Message);
        string garbage = Path_("noise.png");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Contains(garbage, Assert.Throws<InvalidDataException>(() => SceneReader.Read(garbage)).Message);
        Assert.Contains("no such scene file", Assert.Throws<FileNotFoundException>(() => SceneReader.Read(Path_("missing.tif"))).Message);
    }

    [Fact]
    public void APngSceneIsReadAsRgbWithoutPlacement()
    {
        string path = Path_("scene.png");
        File.WriteAllBytes(path, RawPng.Solid(30, 20, RawPng.Rgb, 8, [10, 20, 30]));
        var scene = SceneReader.Read(path);
        Assert.Equal((30, 20, (GeoReference?)null), (scene.Width, scene.Height, scene.Geo));
        Assert.Equal(new byte[] { 10, 20, 30 }, scene.Rgb[^3..]);
        var pixels = scene.Pixels(0, 0, 30, 20, 8);
        Assert.Equal(3 * 64, pixels.Length);
        Assert.All(pixels[..64], v => Assert.Equal(10f, v));     // planar R
        Assert.All(pixels[128..], v => Assert.Equal(30f, v));    // planar B
    }
}
