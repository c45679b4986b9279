using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Images;

namespace PriorClip.MLNet.Pipelines.Recipes;

/// <summary>Settings of an ONNX scene classifier used as the visual prior (<see cref="OnnxPrior"/>).</summary>
public sealed record OnnxPriorOptions
{
    /// <summary>ImageNet statistics, what torchvision-trained classifiers expect.</summary>
    public static IReadOnlyList<float> ImageNetMean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>See <see cref="ImageNetMean"/>.</summary>
    public static IReadOnlyList<float> ImageNetStd { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>The .onnx file (its bytes are stored in the fitted model's .zip).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Name of the ONNX graph's image input ([N,3,S,S] float).</summary>
    public required string InputName { get; init; }

    /// <summary>Name of the ONNX output used as the instruction (the penultimate feature, [N,F] or [N,F,1,1]); also the column's name.</summary>
    public required string OutputName { get; init; }

    /// <summary>Side S the classifier expects (the image is resized to it from the model's input).</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Per-channel mean applied to 0–1 pixels.</summary>
    public IReadOnlyList<float> Mean { get; init; } = ImageNetMean;

    /// <summary>Per-channel standard deviation.</summary>
    public IReadOnlyList<float> Std { get; init; } = ImageNetStd;
}

/// <summary>
/// An ONNX scene classifier as an ordinary pipeline step that fills the instruction column: resize the loaded image
/// to the classifier's size, extract planar pixels, normalise with its mean/std, <c>ApplyOnnxModel</c>. The ONNX
/// graph travels inside the model .zip (ML.NET stores it); the column it writes is <see cref="OnnxPriorOptions.OutputName"/>.
/// </summary>
public static class OnnxPrior
{
    /// <summary>The estimator chain, reading the image column <paramref name="imageColumn"/> (from <c>LoadImages</c>).</summary>
    public static IEstimator<ITransformer> Estimator(MLContext ml, OnnxPriorOptions options, string imageColumn = RetrievalPipeline.ImageColumn)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.ModelPath)) throw new FileNotFoundException($"ONNX prior '{options.ModelPath}' does not exist", options.ModelPath);
        const string resized = "PriorImage", pixels = "PriorPixels";
        return ml.Transforms.ResizeImages(resized, options.ImageSize, options.ImageSize, imageColumn, ImageResizingEstimator.ResizingKind.Fill)
            .Append(ml.Transforms.ExtractPixels(pixels, resized, ImagePixelExtractingEstimator.ColorBits.Rgb,
                ImagePixelExtractingEstimator.ColorsOrder.ARGB, interleavePixelColors: false, outputAsFloatArray: true))
            .Append(ml.Transforms.NormalizeClipPixels(new ClipPixelNormalizerOptions
            {
                OutputColumnName = options.InputName, InputColumnName = pixels, Mean = options.Mean, Std = options.Std,
            }))
            .Append(ml.Transforms.ApplyOnnxModel(outputColumnNames: [options.OutputName], inputColumnNames: [options.InputName], modelFile: options.ModelPath));
    }

    /// <summary>Width of the instruction the fitted step writes (reads the output column's type).</summary>
    public static int InstructionWidth(DataViewSchema schema, OnnxPriorOptions options) =>
        ((VectorDataViewType)SchemaShapes.RequireVector(schema, $"ONNX prior '{options.ModelPath}'", options.OutputName, NumberDataViewType.Single, null,
            "instruction features; check --prior-output").Type).Size;
}
