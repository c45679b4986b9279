using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Trainers;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Embedding;

namespace PriorClip.MLNet.Pipelines.Recipes;

/// <summary>
/// The closed-domain PriorCLIP pipeline composed from ML.NET components, as a user would write it:
/// <c>PriorClipTokenize</c> (word vocabulary from the training captions) → <c>LoadImages</c> →
/// <c>ResizeImages</c> → <c>ExtractPixels</c> → the PriorClip trainer. Rows come from a caption
/// dataset reader (ImagePath, Caption, ImageId, SceneClass, Split).
/// </summary>
public static class RetrievalPipeline
{
    /// <summary>Image column produced by <c>LoadImages</c>.</summary>
    public const string ImageColumn = "Image";

    /// <summary>
    /// ML.NET's image preprocessing: load the file at ImagePath, resize to <paramref name="imageSize"/>
    /// squared (bilinear, the test-time recipe), extract planar RGB pixels on the 0–255 scale. The
    /// CLIP mean/std normalisation happens inside the model.
    /// </summary>
    /// <param name="ml">The context.</param>
    /// <param name="imageSize">Model input side S.</param>
    /// <param name="imagePathColumn">Column with image file paths.</param>
    /// <param name="resizing">Fill (stretch to the square; the closed-domain recipe) or IsoCrop (shortest side to S, centre crop: CLIP's).</param>
    /// <returns>The estimator chain.</returns>
    public static IEstimator<ITransformer> ImagePreprocessing(MLContext ml, int imageSize, string imagePathColumn = CaptionDatasetColumns.ImagePath,
        ImageResizingEstimator.ResizingKind resizing = ImageResizingEstimator.ResizingKind.Fill) =>
        ml.Transforms.LoadImages(ImageColumn, imageFolder: "", inputColumnName: imagePathColumn)
            .Append(ml.Transforms.ResizeImages(ImageColumn, imageSize, imageSize, ImageColumn, resizing, ImageResizingEstimator.Anchor.Center))
            .Append(ml.Transforms.ExtractPixels("Pixels", ImageColumn, ImagePixelExtractingEstimator.ColorBits.Rgb,
                ImagePixelExtractingEstimator.ColorsOrder.ARGB, interleavePixelColors: false, outputAsFloatArray: true));

    /// <summary>
    /// Fits the whole pipeline on <paramref name="train"/>, validating each epoch on
    /// <paramref name="validation"/>, and returns the fitted chain (tokenizer, image
    /// preprocessing, encoder): save it with <c>mlContext.Model.Save</c>.
    /// </summary>
    /// <param name="ml">The context.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows (never the test split), or null.</param>
    /// <param name="options">Trainer settings.</param>
    /// <param name="maxWords">Words kept per caption by the tokenizer (PIR: 30).</param>
    /// <returns>The fitted chain and the trainer (for its history).</returns>
    public static (TransformerChain<ITransformer> Model, PriorClipTrainer Trainer) Fit(MLContext ml, IDataView train, IDataView? validation,
        PriorClipTrainerOptions options, int maxWords = 30)
    {
        var config = options.ModelConfigObject ?? Modeling.Configs.PriorClipModelConfig.Load(options.ModelConfig);
        var preprocessing = ml.Transforms.PriorClipTokenize(maxWords: maxWords)
            .Append(ImagePreprocessing(ml, config.Vision.ImageSize))
            .Fit(train);
        var trainer = ml.Retrieval().Trainers.PriorClip(options);
        var encoder = trainer.Fit(preprocessing.Transform(train), validation is null ? null : preprocessing.Transform(validation));
        return (preprocessing.Append<ITransformer>(encoder), trainer);
    }
}
