using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Images;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>NormalizeClipPixels: CLIP's per-channel mean/std on planar ExtractPixels output.</summary>
public class ClipPixelNormalizerTests
{
    public sealed class PixelRow
    {
        public float[] Pixels { get; set; } = [];
    }

    public sealed class ImageRow
    {
        [ImageType(2, 3)] public MLImage? Image { get; set; }
    }

    private static IDataView PixelData(MLContext ml, int[] shape, params float[][] rows)
    {
        var definition = SchemaDefinition.Create(typeof(PixelRow));
        definition[nameof(PixelRow.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, shape);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new PixelRow { Pixels = r }), definition);
    }

    // A 1×2 image, planar R | G | B: R = (0, 255), G = (128, 64), B = (255, 0).
    private static readonly float[] TinyImage = [0, 255, 128, 64, 255, 0];

    // (x/255 − mean)/std with CLIP's statistics, worked out in double precision:
    // R: 0 → −1.7922625, 255 → 1.9303363; G: 128 → 0.16889724, 64 → −0.79159994; B: 255 → 2.1458970, 0 → −1.4802198.
    private static readonly float[] TinyImageNormalized = [-1.7922625f, 1.9303363f, 0.16889724f, -0.79159994f, 2.1458970f, -1.4802198f];

    [Fact]
    public void AppliesClipMeanAndStdPerPlane()
    {
        var ml = new MLContext(seed: 1);
        var data = PixelData(ml, [3, 1, 2], TinyImage);
        var output = ml.Transforms.NormalizeClipPixels("Normalized", "Pixels").Fit(data).Transform(data);
        float[] actual = output.GetColumn<float[]>("Normalized").Single();
        for (int i = 0; i < actual.Length; i++)
            Assert.Equal(TinyImageNormalized[i], actual[i], 5);
        // Dimensions survive, so a later reshape to [C, H, W] still works.
        Assert.Equal([3, 1, 2], ((VectorDataViewType)output.Schema["Normalized"].Type).Dimensions.ToArray());
    }

    [Fact]
    public void UnitIntervalInputSkipsTheDivisionBy255()
    {
        var ml = new MLContext(seed: 1);
        var data = PixelData(ml, [3, 1, 2], TinyImage.Select(v => v / 255f).ToArray());
        var output = ml.Transforms.NormalizeClipPixels("Pixels", inputRange: ClipPixelInputRange.UnitInterval).Fit(data).Transform(data);
        float[] actual = output.GetColumn<float[]>("Pixels").Single();
        for (int i = 0; i < actual.Length; i++)
            Assert.Equal(TinyImageNormalized[i], actual[i], 5);
    }

    [Fact]
    public void ComposesWithExtractPixels()
    {
        // 3×2 RGBA image whose pixels are (10i, 20i, 30i): ExtractPixels gives planar R, G, B in 0–255.
        var ml = new MLContext(seed: 1);
        byte[] rgba = Enumerable.Range(0, 6).SelectMany(i => new[] { (byte)(10 * i), (byte)(20 * i), (byte)(30 * i), (byte)255 }).ToArray();
        var data = ml.Data.LoadFromEnumerable(new[] { new ImageRow { Image = MLImage.CreateFromPixels(3, 2, MLPixelFormat.Rgba32, rgba) } });
        var pipeline = ml.Transforms.ExtractPixels("Pixels", "Image")
            .Append(ml.Transforms.NormalizeClipPixels("Clip", "Pixels"));
        var output = pipeline.Fit(data).Transform(data);
        // One cursor for both columns: ExtractPixels disposes the image it read, so a second pass cannot.
        using var cursor = output.GetRowCursor(output.Schema);
        var rawGetter = cursor.GetGetter<VBuffer<float>>(output.Schema["Pixels"]);
        var clipGetter = cursor.GetGetter<VBuffer<float>>(output.Schema["Clip"]);
        VBuffer<float> rawBuffer = default, clipBuffer = default;
        Assert.True(cursor.MoveNext());
        rawGetter(ref rawBuffer);
        clipGetter(ref clipBuffer);
        float[] raw = rawBuffer.DenseValues().ToArray(), clip = clipBuffer.DenseValues().ToArray();
        Assert.Equal(18, clip.Length);
        Assert.Equal([0f, 10, 20, 30, 40, 50], raw[..6]); // R plane first
        for (int i = 0; i < 18; i++)
        {
            int c = i / 6;
            double expected = (raw[i] / 255.0 - ClipPixelNormalizerOptions.ClipMean[c]) / ClipPixelNormalizerOptions.ClipStd[c];
            Assert.Equal(expected, clip[i], 5);
        }
    }

    [Fact]
    public void SaveLoadInFreshProcessGivesIdenticalOutputs()
    {
        var ml = new MLContext(seed: 1);
        var data = PixelData(ml, [3, 1, 2], TinyImage);
        var model = ml.Transforms.NormalizeClipPixels("Clip", "Pixels").Fit(data);
        float[] expected = model.Transform(data).GetColumn<float[]>("Clip").Single();
        using var zip = TempFile(".zip");
        ml.Model.Save(model, data.Schema, zip.Path);

        var fresh = FreshProcess.LoadAndTransformPixels(zip.Path, [3, 1, 2], [TinyImage]);
        Assert.True(fresh.ExitCode == 0, fresh.StdErr);
        Assert.Equal(expected.Select(v => (double)v), fresh.Columns!["Clip"].Single());
    }

    [Fact]
    public void WrongInputTypesAreNamed()
    {
        var ml = new MLContext(seed: 1);
        var text = Captions(ml, "a plane");
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeClipPixels("Clip", "Caption").Fit(text));
        Assert.Contains("input column 'Caption' has type String, but a known-size Vector<Single> of planar pixels (3·H·W values) column is required", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeClipPixels("Clip", "Caption").GetOutputSchema(SchemaShapes.FromSchema(text.Schema)));
        Assert.Contains("input column 'Caption' has type String", e2.Message);
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeClipPixels("Clip", "Pixels").Fit(text));
        Assert.Contains("input column 'Pixels' not found", e3.Message);
        var notThreeChannels = PixelData(ml, [4], [1, 2, 3, 4]);
        var e4 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeClipPixels("Clip", "Pixels").Fit(notThreeChannels));
        Assert.Contains("input column 'Pixels' has type Vector<Single, 4>", e4.Message);
    }

    [Fact]
    public void InvalidStatisticsAreRejected()
    {
        var ml = new MLContext(seed: 1);
        Assert.Throws<ArgumentException>(() => ml.Transforms.NormalizeClipPixels(new ClipPixelNormalizerOptions { Mean = [0.5f], Std = [0.2f, 0.2f] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.NormalizeClipPixels(new ClipPixelNormalizerOptions { Mean = [0.5f], Std = [0f] }));
    }
}
