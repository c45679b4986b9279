using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Transforms;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Tests.Import;

namespace PriorClip.MLNet.Tests.Export;

/// <summary>Real inputs for the export tests (the checkpoint fixtures' PNGs and captions through ML.NET) and ONNX Runtime calls.</summary>
internal static class OnnxTestInputs
{
    /// <summary>Captions beyond the fixture's five, so a batch of 7 has seven different ones (one in another script, one with emoji).</summary>
    static readonly string[] MoreCaptions = ["Two storage tanks stand next to a river.", "港口 harbour with boats 🚢 and a long pier."];

    sealed class PathRow { public string ImagePath { get; set; } = ""; }

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    /// <summary>
    /// <paramref name="count"/> real images (the eight fixture PNGs, 32 and 64 px) loaded, resized to
    /// <paramref name="size"/> and extracted by ML.NET's image transforms: [count,3,S,S] planar 0–255, row-major.
    /// </summary>
    public static float[] Pixels(int size, int count)
    {
        var paths = CheckpointFixtures.Images("vit").Concat(CheckpointFixtures.Images("rn")).Take(count).ToList();
        Assert.Equal(count, paths.Count);
        return Pixels(paths, size, ImageResizingEstimator.ResizingKind.Fill);
    }

    /// <summary>The images at <paramref name="paths"/> through ML.NET's image transforms with <paramref name="resizing"/>: [count,3,S,S] planar 0–255.</summary>
    public static float[] Pixels(IEnumerable<string> paths, int size, ImageResizingEstimator.ResizingKind resizing)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var pixels = RetrievalPipeline.ImagePreprocessing(ml, size, resizing: resizing).Fit(data).Transform(data).GetColumn<float[]>("Pixels").ToArray();
        return pixels.SelectMany(p => p).ToArray();
    }

    /// <summary>
    /// <paramref name="count"/> real captions through <c>PriorClipTokenize</c> (word vocabulary learned from them) with
    /// <paramref name="length"/> positions: ids int32 and mask float, row-major [count, length].
    /// </summary>
    public static (int[] Ids, float[] Mask) Captions(int length, int count)
    {
        var ml = new MLContext(seed: 1);
        var captions = CheckpointFixtures.Captions().Concat(MoreCaptions).Take(count).ToList();
        Assert.Equal(count, captions.Count);
        var data = ml.Data.LoadFromEnumerable(captions.Select(c => new CaptionRow { Caption = c }));
        var tokens = ml.Transforms.PriorClipTokenize(maxWords: length - 2).Fit(data).Transform(data);
        var ids = tokens.GetColumn<int[]>("Tokens").SelectMany(t => t).ToArray();
        var mask = tokens.GetColumn<float[]>("TokenMask").SelectMany(m => m).ToArray();
        return (ids, mask);
    }

    /// <summary>Runs an exported model on named inputs and returns its one output as a flat array with its shape.</summary>
    public static (float[] Values, long[] Shape) Run(InferenceSession session, params NamedOnnxValue[] inputs)
    {
        using var results = session.Run(inputs);
        var output = results.Single().AsTensor<float>();
        return (output.ToArray(), output.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    /// <summary>A float input tensor.</summary>
    public static NamedOnnxValue Input(string name, float[] values, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, dims));

    /// <summary>An int32 input tensor.</summary>
    public static NamedOnnxValue Input(string name, int[] values, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(values, dims));

    /// <summary>Largest absolute difference of two equally long arrays.</summary>
    public static double MaxDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        return worst;
    }
}
