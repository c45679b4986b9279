using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data.Images;
using PriorClip.MLNet.Pipelines.Recipes;

namespace PriorClip.MLNet.Tests.Data.Images;

/// <summary>
/// What ML.NET's LoadImages → ResizeImages → ExtractPixels (the pipeline's image steps) makes of PNGs that are not plain
/// 8-bit RGB — the mapping docs/data.md and <see cref="ImageFileCheck"/> describe — and that every such file passes the check.
/// </summary>
public sealed class ImageDecodingTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-images-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    sealed class PathRow { public string ImagePath { get; set; } = ""; }

    (float R, float G, float B) FirstPixel(string name, byte[] png)
    {
        string path = Path.Combine(_dir, name + ".png");
        File.WriteAllBytes(path, png);
        Assert.Null(ImageFileCheck.Check(path));
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = path } });
        var pixels = RetrievalPipeline.ImagePreprocessing(ml, 4).Fit(data).Transform(data).GetColumn<float[]>("Pixels").Single();
        return (pixels[0], pixels[16], pixels[32]); // planar: R plane, G plane, B plane of a 4 × 4 image
    }

    [Fact]
    public void GreyscaleIsRepeatedIntoRedGreenAndBlue()
    {
        Assert.Equal((128f, 128f, 128f), FirstPixel("grey8", RawPng.Solid(8, 8, RawPng.Grey, 8, [128])));
        Assert.Equal((90f, 90f, 90f), FirstPixel("grey-alpha", RawPng.Solid(8, 8, RawPng.GreyAlpha, 8, [90, 255])));
    }

    [Fact]
    public void SixteenBitChannelsKeepTheirHighByte()
    {
        Assert.Equal((128f, 32f, 255f), FirstPixel("rgb16", RawPng.Solid(8, 8, RawPng.Rgb, 16, [0x80, 0x40, 0x20, 0x10, 0xFF, 0xFF])));
        Assert.Equal((18f, 18f, 18f), FirstPixel("grey16", RawPng.Solid(8, 8, RawPng.Grey, 16, [0x12, 0x34])));
    }

    [Fact]
    public void APaletteIsLookedUp()
    {
        Assert.Equal((40f, 50f, 60f), FirstPixel("palette", RawPng.Solid(8, 8, RawPng.Palette, 8, [1], palette: [10, 20, 30, 40, 50, 60])));
    }

    [Fact]
    public void AlphaIsMultipliedIntoTheColoursThenDropped()
    {
        Assert.Equal((200f, 100f, 50f), FirstPixel("opaque", RawPng.Solid(8, 8, RawPng.Rgba, 8, [200, 100, 50, 255])));
        Assert.Equal((100f, 50f, 25f), FirstPixel("half", RawPng.Solid(8, 8, RawPng.Rgba, 8, [200, 100, 50, 128])));
        Assert.Equal((0f, 0f, 0f), FirstPixel("transparent", RawPng.Solid(8, 8, RawPng.Rgba, 8, [200, 100, 50, 0])));
    }

    [Fact]
    public void AOnePixelImageIsStretchedToTheInputSize()
    {
        Assert.Equal((1f, 2f, 3f), FirstPixel("tiny", RawPng.Solid(1, 1, RawPng.Rgb, 8, [1, 2, 3])));
    }
}
