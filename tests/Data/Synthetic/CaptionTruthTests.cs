using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>Every attribute a caption states holds in the scene spec it was written from, in the standard and the hard set.</summary>
public class CaptionTruthTests
{
    private const float Half = SceneSpec.CanvasSize / 2f;

    private static readonly IReadOnlyList<SyntheticImage> Images = SmallDatasets.InMemory(imagesPerClass: 40);

    private static readonly IReadOnlyList<SyntheticImage> HardImages = SmallDatasets.InMemory(imagesPerClass: 40, difficulty: SyntheticDifficulty.Hard);

    private static IReadOnlyList<SyntheticImage> Set(SyntheticDifficulty difficulty) =>
        difficulty == SyntheticDifficulty.Hard ? HardImages : Images;

    [Theory]
    [InlineData(SyntheticDifficulty.Standard)]
    [InlineData(SyntheticDifficulty.Hard)]
    public void EveryImageHasFiveDistinctNonEmptyCaptions(SyntheticDifficulty difficulty)
    {
        Assert.All(Set(difficulty), image =>
        {
            Assert.Equal(5, image.Captions.Count);
            Assert.Equal(5, image.Captions.Distinct(StringComparer.Ordinal).Count());
            Assert.All(image.Captions, c => Assert.Matches(@"^[a-z][a-z ,]* \.$", c));
        });
    }

    [Theory]
    [InlineData(SyntheticDifficulty.Standard)]
    [InlineData(SyntheticDifficulty.Hard)]
    public void StatedCountsEqualTheDrawnObjects(SyntheticDifficulty difficulty)
    {
        int claims = 0;
        var images = Set(difficulty);
        foreach (var image in images)
        {
            foreach (var caption in image.Captions)
            {
                foreach (var (noun, number) in CaptionClaims.Counts(caption))
                {
                    int actual = noun == CaptionClaims.RowsNoun
                        ? image.Scene.Salient.Rows
                        : image.Scene.ObjectsOf(Enum.Parse<ObjectKind>(noun)).Count();
                    Assert.True(number == actual, $"{image.FileName}: \"{caption}\" states {number} {noun}, scene has {actual}");
                    Assert.InRange(number, 1, CaptionContext.MaxSpelledCount);
                    claims++;
                }
            }
        }
        Assert.True(claims > images.Count, $"only {claims} count claims in {images.Count} images");
    }

    [Theory]
    [InlineData(SyntheticDifficulty.Standard)]
    [InlineData(SyntheticDifficulty.Hard)]
    public void StatedColoursAreColoursOfTheSalientObjects(SyntheticDifficulty difficulty)
    {
        int claims = 0;
        var images = Set(difficulty);
        foreach (var image in images)
        {
            var names = image.Scene.ObjectsOf(image.Scene.Salient.Kind).Select(o => o.Color.Name).ToHashSet();
            foreach (var caption in image.Captions)
            {
                foreach (var color in CaptionClaims.Colors(caption))
                {
                    Assert.True(names.Contains(color), $"{image.FileName}: \"{caption}\" says {color}, objects are {string.Join("/", names)}");
                    claims++;
                }
            }
        }
        Assert.True(claims > images.Count, $"only {claims} colour claims");
    }

    [Theory]
    [InlineData(SyntheticDifficulty.Standard)]
    [InlineData(SyntheticDifficulty.Hard)]
    public void StatedSidesHoldForTheObjectsGeometry(SyntheticDifficulty difficulty)
    {
        int claims = 0;
        var images = Set(difficulty);
        foreach (var image in images)
        {
            foreach (var caption in image.Captions)
            {
                foreach (var side in CaptionClaims.Sides(caption))
                {
                    claims++;
                    if (SecondaryLiesThere(image.Scene, caption, side))
                        continue;
                    // Beach and harbour captions place the sea or quay; all others place the salient objects.
                    var subject = caption.Contains("sea is") ? image.Scene.ObjectsOf(ObjectKind.Sea)
                        : caption.Contains("quay") ? image.Scene.ObjectsOf(ObjectKind.Pavement)
                        : image.Scene.ObjectsOf(image.Scene.Salient.Kind);
                    Assert.All(subject, o => Assert.True(LiesIn(o, side), $"{image.FileName}: \"{caption}\" but {o} is not in the {side} half"));
                }
            }
        }
        Assert.True(claims > 20, $"only {claims} side claims");
    }

    [Theory]
    [InlineData(SyntheticDifficulty.Standard)]
    [InlineData(SyntheticDifficulty.Hard)]
    public void StatedDirectionsMatchTheRiverOrRoad(SyntheticDifficulty difficulty)
    {
        int claims = 0;
        var images = Set(difficulty);
        foreach (var image in images)
        {
            var lines = image.Scene.ObjectsOf(ObjectKind.River).Concat(image.Scene.ObjectsOf(ObjectKind.Road)).ToList();
            foreach (var caption in image.Captions)
            {
                bool vertical = caption.Contains("vertically") || caption.Contains("from top to bottom");
                bool horizontal = caption.Contains("horizontally") || caption.Contains("from left to right");
                bool diagonal = caption.Contains("diagonally") || caption.Contains("obliquely");
                if (!(vertical || horizontal || diagonal))
                    continue;
                Assert.True(lines.Any(o =>
                {
                    var (hw, hh) = o.RotatedHalfExtents();
                    bool axisAligned = o.RotationDegrees % 90 == 0;
                    return vertical ? axisAligned && hh > hw : horizontal ? axisAligned && hw > hh : !axisAligned;
                }), $"{image.FileName}: \"{caption}\" but no river or road runs that way");
                claims++;
            }
        }
        Assert.True(claims > 20, $"only {claims} direction claims");
    }

    [Fact]
    public void GenericCaptionFractionControlsTheGenericSentences()
    {
        var none = SmallDatasets.InMemory(imagesPerClass: 5, genericCaptionFraction: 0);
        var all = SmallDatasets.InMemory(imagesPerClass: 5, genericCaptionFraction: 1);
        Assert.DoesNotContain(none.SelectMany(i => i.Captions), IsPlainGeneric);
        int plain = all.SelectMany(i => i.Captions).Count(IsPlainGeneric);
        Assert.True(plain >= all.Count * 4, $"{plain} plain generic captions in {all.Count} images"); // the rest are class-typical generic lines
        double share = Images.SelectMany(i => i.Captions).Count(IsPlainGeneric) / (double)(Images.Count * 5);
        Assert.InRange(share, 0.08, 0.3); // default 0.2, minus the class-typical generic lines
    }

    /// <summary>"this is an airport", "a harbor is shown in the picture", …: mentions only the class.</summary>
    private static bool IsPlainGeneric(string caption) => PlainGeneric.IsMatch(caption);

    private static readonly System.Text.RegularExpressions.Regex PlainGeneric = new(
        @"^(this is an? |it is an? |there is an? |this image shows an? |an? |this is a picture of an? |we can see an? )"
        + @"(airport|harbor|port|farmland|farm|forest|woodland|residential area|neighborhood|river|beach|seaside|parking lot|car park|storage tank area|oil depot|stadium|sports ground|industrial area|factory zone|bridge)"
        + @"( in the picture| is shown in the picture| from above)? \.$");

    /// <summary>
    /// A hard-variant sentence about the secondary region: the region lies along that side (so inside that
    /// half) and holds every thing the sentence names. Sentences about the image's own class name its
    /// salient kind by its own noun ("planes", "river") or place the sea or quay; those are checked as before.
    /// </summary>
    private static bool SecondaryLiesThere(SceneSpec scene, string caption, SceneRegion side)
    {
        if (scene.Secondary is not { } secondary || secondary.Side != side || caption.Contains("sea is") || caption.Contains("quay"))
            return false;
        var things = SharedWords.In(caption).ToList();
        return things.Count > 0 && !things.Any(t => t.Kinds.SequenceEqual([scene.Salient.Kind]))
            && things.All(t => SharedWords.Shows(secondary.Objects, secondary.Background, t.Kinds));
    }

    /// <summary>The object's box, clipped to the canvas, lies in the given half (a centre-line touch allowed).</summary>
    private static bool LiesIn(SceneObject o, SceneRegion side)
    {
        var (hw, hh) = o.RotatedHalfExtents();
        float x0 = Math.Max(0, o.X - hw), x1 = Math.Min(SceneSpec.CanvasSize, o.X + hw);
        float y0 = Math.Max(0, o.Y - hh), y1 = Math.Min(SceneSpec.CanvasSize, o.Y + hh);
        return side switch
        {
            SceneRegion.Left => x1 <= Half + 0.01f,
            SceneRegion.Right => x0 >= Half - 0.01f,
            SceneRegion.Top => y1 <= Half + 0.01f,
            SceneRegion.Bottom => y0 >= Half - 0.01f,
            _ => true,
        };
    }
}
