using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>The hard variant's extra content is real: what its captions name is drawn, and the secondary region hides nothing a caption relies on.</summary>
public class HardCaptionTruthTests
{
    private const int Side = 64;

    private static readonly IReadOnlyList<SyntheticImage> Images = SmallDatasets.InMemory(imagesPerClass: 40, seed: 13, difficulty: SyntheticDifficulty.Hard);

    [Fact]
    public void EveryNamedThingIsDrawnSomewhereInTheImage()
    {
        int claims = 0;
        foreach (var image in Images)
        {
            foreach (var caption in image.Captions)
            {
                foreach (var (word, kinds) in SharedWords.In(caption))
                {
                    Assert.True(SharedWords.Drawn(image.Scene, kinds), $"{image.FileName}: \"{caption}\" names {word}, which is not drawn");
                    claims++;
                }
            }
        }
        Assert.True(claims > 2 * Images.Count, $"only {claims} thing claims");
    }

    [Fact]
    public void PluralNounsHaveAtLeastTwoObjectsDrawn()
    {
        int claims = 0;
        foreach (var image in Images)
        {
            var drawn = image.Scene.Objects.Concat(image.Scene.Secondary?.Objects ?? []).ToList();
            foreach (var caption in image.Captions)
            {
                foreach (var (word, kinds) in SharedWords.In(caption).Where(t => SharedWords.DiscretePlurals.Contains(t.Word)))
                {
                    int count = drawn.Count(o => kinds.Contains(o.Kind));
                    Assert.True(count >= 2, $"{image.FileName}: \"{caption}\" says {word}, {count} drawn");
                    claims++;
                }
            }
        }
        Assert.True(claims > Images.Count, $"only {claims} plural claims");
    }

    [Fact]
    public void SecondaryRegionNamesAreBackedByItsPixels()
    {
        // Areas named in a band sentence ("there is water on the left") must show in that band of a
        // clean render, read from pixel colours rather than from the spec.
        var materials = new Dictionary<string, SceneColor[]>
        {
            ["water"] = [ScenePalette.Water, ScenePalette.Shallow],
            ["forest"] = [ScenePalette.TreeGreen, ScenePalette.TreeDarkGreen],
            ["trees"] = [ScenePalette.TreeGreen, ScenePalette.TreeDarkGreen],
            ["farmland"] = [ScenePalette.GreenField, ScenePalette.YellowField, ScenePalette.BrownField],
        };
        int claims = 0;
        foreach (var image in Images.Where(i => i.Scene.Secondary is not null))
        {
            var secondary = image.Scene.Secondary!;
            var bandClaims = image.Captions.Where(c => CaptionClaims.Sides(c).Contains(secondary.Side)).SelectMany(CaptionClaims.Words)
                .Where(materials.ContainsKey).Distinct().ToList();
            if (bandClaims.Count == 0)
                continue;
            using var bitmap = SceneRenderer.Render(image.Scene, Side);
            var band = Band(secondary);
            foreach (var word in bandClaims)
            {
                double share = Share(bitmap, band, materials[word]);
                Assert.True(share >= 0.05, $"{image.FileName}: a sentence names {word} in the {secondary.Side} band, but it covers {share:P0} of it");
                claims++;
            }
        }
        Assert.True(claims > 20, $"only {claims} area claims about secondary regions");
    }

    [Fact]
    public void SecondaryRegionKeepsClearOfEverythingTheClassCaptionsCount()
    {
        int mixed = 0;
        foreach (var image in Images.Where(i => i.Scene.Secondary is not null))
        {
            var scene = image.Scene;
            var band = Band(scene.Secondary!);
            Assert.NotEqual(scene.SceneClass, scene.Secondary!.SceneClass);
            Assert.InRange(scene.Secondary.AreaFraction, 0.3, 0.45);
            foreach (var o in scene.Objects.Where(o => o.Kind == scene.Salient.Kind || o.IsClutter || o.Kind == ObjectKind.Field))
                Assert.False(Overlaps(o, band), $"{image.FileName}: {o} lies under the {scene.Secondary.Side} band");
            // Piers are counted in captions: the band may hide a pier's tip, not the pier.
            foreach (var pier in scene.Objects.Where(o => o.Kind == ObjectKind.Pier))
                Assert.True(HiddenShare(pier, band) <= 0.4, $"{image.FileName}: the band hides {HiddenShare(pier, band):P0} of {pier}");
            Assert.DoesNotContain(scene.Secondary.Objects, o => o.Kind == scene.Salient.Kind);
            Assert.All(scene.Secondary.Objects, o => Assert.True(Overlaps(o, band), $"{image.FileName}: secondary {o} is outside its band"));
            mixed++;
        }
        Assert.True(mixed > 50, $"only {mixed} mixed scenes");
    }

    private static (int X0, int Y0, int X1, int Y1) Band(SecondaryRegion secondary)
    {
        int d = (int)secondary.Depth, size = SceneSpec.CanvasSize;
        return secondary.Side switch
        {
            SceneRegion.Left => (0, 0, d, size),
            SceneRegion.Right => (size - d, 0, size, size),
            SceneRegion.Top => (0, 0, size, d),
            _ => (0, size - d, size, size),
        };
    }

    private static bool Overlaps(SceneObject o, (int X0, int Y0, int X1, int Y1) band)
    {
        var (hw, hh) = o.RotatedHalfExtents();
        return o.X - hw < band.X1 && band.X0 < o.X + hw && o.Y - hh < band.Y1 && band.Y0 < o.Y + hh;
    }

    /// <summary>Share of an axis-aligned object's box (piers are never turned by other angles) under the band.</summary>
    private static double HiddenShare(SceneObject o, (int X0, int Y0, int X1, int Y1) band)
    {
        var (hw, hh) = o.RotatedHalfExtents();
        double w = Math.Max(0, Math.Min(o.X + hw, band.X1) - Math.Max(o.X - hw, band.X0));
        double h = Math.Max(0, Math.Min(o.Y + hh, band.Y1) - Math.Max(o.Y - hh, band.Y0));
        return w * h / (4 * hw * hh);
    }

    private static double Share(SkiaSharp.SKBitmap bitmap, (int X0, int Y0, int X1, int Y1) band, SceneColor[] colors)
    {
        int hits = 0, all = 0;
        for (int y = band.Y0; y < band.Y1; y++)
        {
            for (int x = band.X0; x < band.X1; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (colors.Any(c => c.DistanceTo(p.Red, p.Green, p.Blue) <= ColorBlobs.Tolerance))
                    hits++;
                all++;
            }
        }
        return hits / (double)all;
    }
}
