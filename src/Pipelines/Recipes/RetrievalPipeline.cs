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
        ImagePreprocessing(ml.Transforms, imageSize, imagePathColumn, resizing);

    /// <summary>The same preprocessing from a transforms catalog (for catalog extension methods).</summary>
    internal static IEstimator<ITransformer> ImagePreprocessing(TransformsCatalog transforms, int imageSize, string imagePathColumn,
        ImageResizingEstimator.ResizingKind resizing) =>
        transforms.LoadImages(ImageColumn, imageFolder: "", inputColumnName: imagePathColumn)
            .Append(transforms.ResizeImages(ImageColumn, imageSize, imageSize, ImageColumn, resizing, ImageResizingEstimator.Anchor.Center))
            .Append(transforms.ExtractPixels("Pixels", ImageColumn, ImagePixelExtractingEstimator.ColorBits.Rgb,
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
    /// <param name="vocabularyData">Captions (a Caption column) the word vocabulary is learned from; null for <paramref name="train"/>.
    /// A stage-1 model that a later stage fine-tunes on other captions learns its vocabulary from both.</param>
    /// <returns>The fitted chain and the trainer (for its history).</returns>
    /// <param name="onnxPrior">An ONNX scene classifier filling the instruction column (the model config's instruction becomes external, its width the classifier's); null for the config's own prior.</param>
    public static (TransformerChain<ITransformer> Model, PriorClipTrainer Trainer) Fit(MLContext ml, IDataView train, IDataView? validation,
        PriorClipTrainerOptions options, int maxWords = 30, IDataView? vocabularyData = null, OnnxPriorOptions? onnxPrior = null)
    {
        var config = options.ModelConfigObject ?? Modeling.Configs.PriorClipModelConfig.Load(options.ModelConfig);
        var tokenizer = ml.Transforms.PriorClipTokenize(maxWords: maxWords).Fit(vocabularyData ?? train);
        var imageSteps = ImagePreprocessing(ml, config.Vision.ImageSize);
        if (onnxPrior is not null) imageSteps = imageSteps.Append(OnnxPrior.Estimator(ml, onnxPrior));
        var images = imageSteps.Fit(tokenizer.Transform(train));
        var preprocessing = new TransformerChain<ITransformer>(tokenizer, images);
        if (onnxPrior is not null)
        {
            int width = OnnxPrior.InstructionWidth(preprocessing.GetOutputSchema(train.Schema), onnxPrior);
            options = options.Clone();
            options.ModelConfigObject = config with
            {
                Instruction = new Modeling.Configs.InstructionConfig { Source = Modeling.Configs.InstructionSource.External, Width = width },
            };
            options.InstructionColumnName = onnxPrior.OutputName;
        }
        return FitEncoder(ml, preprocessing, train, validation, options);
    }

    /// <summary>
    /// Fine-tunes a fitted PriorCLIP chain (a trained or imported model .zip, loaded) on <paramref name="train"/>: its
    /// tokenizer and image steps are kept as they are, its encoder's weights initialise the new encoder. With
    /// <see cref="FineTuneStage.Instruction"/> this is the open-domain stage 2: the config becomes
    /// <see cref="Modeling.Configs.InstructionStage.From"/> of the model's (built-in scene classifier as the prior,
    /// soft belief, attribution loss) and the text tower is frozen unless <paramref name="trainText"/>.
    /// </summary>
    /// <param name="ml">The context.</param>
    /// <param name="initial">The fitted chain to start from.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows, or null.</param>
    /// <param name="options">Trainer settings; the model config, initial model and text freezing are set here (on a copy).</param>
    /// <param name="stage">Continue with the same config, or the instruction stage.</param>
    /// <param name="trainText">Instruction stage only: train the text tower too (the recipe freezes it).</param>
    /// <returns>The fitted chain and the trainer.</returns>
    public static (TransformerChain<ITransformer> Model, PriorClipTrainer Trainer) FineTune(MLContext ml, ITransformer initial, IDataView train, IDataView? validation,
        PriorClipTrainerOptions options, FineTuneStage stage, bool trainText = false)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(options);
        var encoder = RetrievalModelParts.From(initial).Encoder;
        var steps = RetrievalModelParts.Flatten(initial).Where(t => t is not PriorClipEncodeTransformer).ToArray();
        var start = encoder.Model;
        var config = stage == FineTuneStage.Instruction ? Modeling.Configs.InstructionStage.From(start.Config) : start.Config;
        var tuned = options.Clone();
        tuned.ModelConfigObject = config;
        tuned.InitialModel = start;
        tuned.FreezeTextEncoder = stage == FineTuneStage.Instruction && !trainText;
        return FitEncoder(ml, new TransformerChain<ITransformer>(steps), train, validation, tuned);
    }

    static (TransformerChain<ITransformer> Model, PriorClipTrainer Trainer) FitEncoder(MLContext ml, TransformerChain<ITransformer> preprocessing,
        IDataView train, IDataView? validation, PriorClipTrainerOptions options)
    {
        var trainer = ml.Retrieval().Trainers.PriorClip(options);
        var encoder = trainer.Fit(preprocessing.Transform(train), validation is null ? null : preprocessing.Transform(validation));
        return (preprocessing.Append<ITransformer>(encoder), trainer);
    }
}

/// <summary>What <see cref="RetrievalPipeline.FineTune"/> trains.</summary>
public enum FineTuneStage
{
    /// <summary>The same model config, all of it trained (e.g. fine-tuning an imported CLIP model contrastively).</summary>
    Contrastive,
    /// <summary>The open-domain stage 2: prior, soft belief and attribution loss added, text tower frozen.</summary>
    Instruction,
}
