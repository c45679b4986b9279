using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Trainers.Checkpoints;
using PriorClip.MLNet.Trainers.Data;
using PriorClip.MLNet.Transforms.Embedding;

namespace PriorClip.MLNet.Trainers;

/// <summary>
/// Trains a PriorCLIP model and returns the <see cref="PriorClipEncodeTransformer"/> that
/// encodes with it. Create it with <c>mlContext.Retrieval().Trainers.PriorClip(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Columns</term><description>Type</description></listheader>
/// <item><term>Input: Pixels</term><description>Vector&lt;Single, 3·S·S&gt;, planar RGB 0–255 (<c>LoadImages → ResizeImages(S) → ExtractPixels</c>)</description></item>
/// <item><term>Input: Tokens, TokenMask</term><description>Vector&lt;Int32, L&gt;, Vector&lt;Single, L&gt; (<c>PriorClipTokenize</c>)</description></item>
/// <item><term>Input: ImageId</term><description>String; rows with one id are captions of one image</description></item>
/// <item><term>Input: SceneClass (optional)</term><description>String; attribution loss and the built-in prior</description></item>
/// <item><term>Input: Instruction (external-prior configs)</term><description>Vector&lt;Single, P&gt;</description></item>
/// <item><term>Output: ImageEmbedding, TextEmbedding</term><description>Vector&lt;Single, D&gt;, L2-normalised</description></item>
/// </list>
/// Images are decoded once and kept in memory as bytes (3·S·S bytes each). Training is
/// deterministic for a seed on the CPU as long as nothing else in the process draws from LibTorch's global
/// random generator during training. The device comes from <see cref="MLContext.GpuDeviceId"/>
/// and <see cref="MLContext.FallbackToCpu"/>. Progress goes to <see cref="MLContext.Log"/> and
/// to <see cref="PriorClipTrainerOptions.Progress"/>.
/// </remarks>
public sealed class PriorClipTrainer : IEstimator<PriorClipEncodeTransformer>
{
    /// <summary>Name of the Tokens column annotation holding the vocabulary size.</summary>
    public const string VocabularySizeAnnotation = Transforms.Tokenization.TokenizerMapper.VocabularySizeAnnotation;

    readonly MLContext _context;
    readonly PriorClipTrainerOptions _options;

    internal PriorClipTrainer(MLContext context, PriorClipTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        _options = options;
    }

    /// <summary>Per-epoch losses and validation scores of the last <see cref="Fit(IDataView, IDataView?)"/>.</summary>
    public IReadOnlyList<EpochRecord> TrainingHistory { get; private set; } = [];

    /// <summary>0-based epoch whose weights the last fit returned (best on validation), or −1 without validation data.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>Trains without validation data: the weights of the last epoch are returned.</summary>
    /// <param name="input">Training rows, one per (image, caption).</param>
    /// <returns>The trained encoder.</returns>
    public PriorClipEncodeTransformer Fit(IDataView input) => Fit(input, null);

    /// <summary>
    /// Trains, scoring <paramref name="validationData"/> after every epoch and returning the weights
    /// of the best epoch (mean recall). The test split must never be passed here.
    /// </summary>
    /// <param name="trainData">Training rows, one per (image, caption).</param>
    /// <param name="validationData">Validation rows, same columns; null to train without validation.</param>
    /// <returns>The trained encoder.</returns>
    public PriorClipEncodeTransformer Fit(IDataView trainData, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var config = _options.ModelConfigObject ?? PriorClipModelConfig.Load(_options.ModelConfig);
        using var prior = _options.PriorCheckpoint is { } priorPath ? Modeling.Import.PriorCheckpoint.Read(priorPath) : null;
        if (prior is not null) config = config with { Instruction = prior.Instruction };
        int vocabulary = _options.VocabularySize ?? ReadVocabularySize(trainData.Schema);
        var layout = new TrainingSetReader.Layout(_options.PixelsColumnName, _options.TokensColumnName, _options.TokenMaskColumnName,
            _options.ImageIdColumnName, _options.SceneClassColumnName,
            config.Instruction.Source == InstructionSource.External ? _options.InstructionColumnName ?? "Instruction" : null,
            config.Vision.ImageSize, config.Instruction.Source == InstructionSource.External ? config.Instruction.Width : 0);
        using var log = new MlNetLog(_context, nameof(PriorClipTrainer));
        var train = TrainingSetReader.Read(trainData, layout, null, "training data");
        var valid = validationData is null ? null : TrainingSetReader.Read(validationData, layout, train.SceneClasses, "validation data");
        if (prior is not null) log.Info($"visual prior from {prior.Path}: {prior.Description} (frozen)");
        log.Info($"training data: {train.ImageCount} images, {train.CaptionCount} captions, {train.SceneClasses.Count} scene classes; "
                 + (valid is null ? "no validation data" : $"validation data: {valid.ImageCount} images, {valid.CaptionCount} captions"));

        // The data decides the vocabulary, the sequence length and the number of scene classes.
        config = config with
        {
            // Fine-tuning keeps the initial model's token table and positions (a shorter tokenizer output fits them).
            Text = _options.InitialModel is { } initial && train.TokenLength <= initial.ContextLength
                ? config.Text with { VocabSize = Math.Max(vocabulary, initial.VocabSize), ContextLength = initial.ContextLength }
                : config.Text with { VocabSize = vocabulary, ContextLength = train.TokenLength },
            // A pretrained prior keeps its own head (a torchvision classifier's classes need not be the data's).
            Instruction = config.Instruction.Source == InstructionSource.SceneClassifier && prior is null
                ? config.Instruction with { SceneClasses = Math.Max(1, train.SceneClasses.Count) }
                : config.Instruction,
        };
        var session = new PriorClipTrainingSession(_context, _options, train, valid, log);
        var (model, state) = session.Run(config, prior);
        TrainingHistory = state.History;
        BestEpoch = state.BestEpoch;
        var encodeOptions = new PriorClipEncodeOptions
        {
            PixelsColumnName = _options.PixelsColumnName,
            TokensColumnName = _options.TokensColumnName,
            TokenMaskColumnName = _options.TokenMaskColumnName,
            InstructionColumnName = _options.InstructionColumnName ?? "Instruction",
            BatchSize = _options.EvaluationBatchSize,
        };
        return new PriorClipEncodeTransformer(model, PixelNormalization.Clip, encodeOptions, train.SceneClasses);
    }

    int ReadVocabularySize(DataViewSchema schema)
    {
        var column = Transforms.SchemaShapes.RequireVector(schema, nameof(PriorClipTrainer), _options.TokensColumnName,
            NumberDataViewType.Int32, null, "token ids from PriorClipTokenize");
        var annotation = column.Annotations.Schema.GetColumnOrNull(VocabularySizeAnnotation);
        if (annotation is null || annotation.Value.Type != NumberDataViewType.Int32)
            throw new ArgumentException(
                $"The vocabulary size is unknown: column '{column.Name}' has no Int32 '{VocabularySizeAnnotation}' annotation " +
                "(PriorClipTokenize writes it); set PriorClipTrainerOptions.VocabularySize.");
        int size = 0;
        column.Annotations.GetValue(VocabularySizeAnnotation, ref size);
        return size;
    }

    /// <summary>The input shape plus ImageEmbedding and TextEmbedding; throws naming a missing training column.</summary>
    /// <param name="inputSchema">Shape of the training data.</param>
    /// <returns>The shape after the trained transformer.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var required = new List<string> { _options.PixelsColumnName, _options.TokensColumnName, _options.TokenMaskColumnName, _options.ImageIdColumnName };
        if (_options.SceneClassColumnName is { } scene) required.Add(scene);
        foreach (var name in required)
            if (!inputSchema.Any(c => c.Name == name))
                throw new ArgumentOutOfRangeException(nameof(inputSchema),
                    $"{nameof(PriorClipTrainer)}: input column '{name}' not found. Columns present: {string.Join(", ", inputSchema.Select(c => c.Name))}.");
        var config = _options.ModelConfigObject ?? PriorClipModelConfig.Load(_options.ModelConfig);
        var type = new VectorDataViewType(NumberDataViewType.Single, config.EmbedDim);
        return Transforms.SchemaShapes.Append(inputSchema,
            [new DataViewSchema.DetachedColumn("ImageEmbedding", type), new DataViewSchema.DetachedColumn("TextEmbedding", type)]);
    }
}
