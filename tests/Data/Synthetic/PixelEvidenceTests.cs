using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>
/// What captions state is visible at 64 px: in a clutter-free, noise-free render, each colour of
/// the salient objects forms exactly as many separate blobs as there are objects of that colour,
/// so stated counts and colours can be read off the pixels.
/// </summary>
public class PixelEvidenceTests
{
    private const int Side = 64;

    /// <summary>Smaller specks are anti-aliasing fringes, not objects (the smallest object, a 3×5 car, covers ~15 px).</summary>
    private const int MinBlobPixels = 5;

    private static readonly IReadOnlyList<SyntheticImage> Images = SmallDatasets.InMemory(imagesPerClass: 25, seed: 11);

    [Fact]
    public void EachSalientColourFormsOneBlobPerObject()
    {
        int checkedScenes = 0;
        foreach (var image in Images.Where(i => i.Scene.Salient.Kind is not (ObjectKind.Tree or ObjectKind.River)))
        {
            using var bitmap = SceneRenderer.Render(image.Scene, Side, includeClutter: false);
            var objects = image.Scene.ObjectsOf(image.Scene.Salient.Kind).ToList();
            foreach (var group in objects.GroupBy(o => o.Color))
            {
                var blobs = ColorBlobs.Sizes(bitmap, group.Key, MinBlobPixels);
                Assert.True(group.Count() == blobs.Count,
                    $"{image.FileName}: {group.Count()} {group.Key.Name} {image.Scene.Salient.Kind} objects but {blobs.Count} blobs ({string.Join(",", blobs)})");
            }
            checkedScenes++;
        }
        Assert.Equal(10 * 25, checkedScenes);
    }

    [Fact]
    public void StatedColourDominatesTheObjectPixelsUnderDefaultNoise()
    {
        // With the default noise the exact colour is gone, but the pixel at each object's body is
        // still nearer its own palette colour than to any other nameable colour.
        var palette = ScenePalette.ObjectColors;
        var options = SmallDatasets.Options();
        int checkedObjects = 0;
        foreach (var image in Images.Where(i => i.Scene.Salient.Kind is ObjectKind.Car or ObjectKind.StorageTank or ObjectKind.House or ObjectKind.Building or ObjectKind.Umbrella or ObjectKind.Boat))
        {
            using var clean = SceneRenderer.Render(image.Scene, Side);
            using var noisy = PhotometricNoise.Apply(clean, new Random(image.Seed), options.NoiseLevel);
            foreach (var obj in image.Scene.ObjectsOf(image.Scene.Salient.Kind))
            {
                var p = noisy.GetPixel((int)Math.Floor(obj.X), (int)Math.Floor(obj.Y));
                var nearest = palette.MinBy(c => c.DistanceTo(p.Red, p.Green, p.Blue));
                Assert.True(nearest.Name == obj.Color.Name, $"{image.FileName}: {obj.Color.Name} object at ({obj.X:F1},{obj.Y:F1}) looks {nearest.Name} ({p})");
                checkedObjects++;
            }
        }
        Assert.True(checkedObjects > 200, $"only {checkedObjects} objects checked");
    }
}
