using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Trainers.Augmentation;

namespace PriorClip.MLNet.Trainers;

/// <summary>
/// Settings of <see cref="PriorClipTrainer"/>. Defaults suit the CPU <c>tiny</c> config on the
/// synthetic set; the paper recipes (docs/method.md §7) are documented on each setting.
/// </summary>
public sealed class PriorClipTrainerOptions
{
    /// <summary>Pixels column: vector of Single, planar RGB on the 0–255 scale (ML.NET's <c>ExtractPixels</c> defaults), 3 × S × S. Default "Pixels".</summary>
    public string PixelsColumnName { get; set; } = "Pixels";

    /// <summary>Token ids column: vector of Int32 (from <c>PriorClipTokenize</c>). Default "Tokens".</summary>
    public string TokensColumnName { get; set; } = "Tokens";

    /// <summary>Token mask column: vector of Single, 1 for tokens and 0 for padding. Default "TokenMask".</summary>
    public string TokenMaskColumnName { get; set; } = "TokenMask";

    /// <summary>Image id column (text): rows with one id are captions of one image. Default "ImageId".</summary>
    public string ImageIdColumnName { get; set; } = "ImageId";

    /// <summary>
    /// Scene class column (text), used by the attribution loss and to train the built-in prior.
    /// Null trains without classes (attribution loss off; a config with the built-in scene
    /// classifier then fails). Default "SceneClass".
    /// </summary>
    public string? SceneClassColumnName { get; set; } = "SceneClass";

    /// <summary>External visual prior column (vector of Single), for configs with <c>instruction.source = external</c>. Default null.</summary>
    public string? InstructionColumnName { get; set; }

    /// <summary>Built-in model config name (<c>tiny</c>, <c>pir-closed</c>, <c>priorclip-vit-b32</c>) or a JSON file path. Default "tiny".</summary>
    public string ModelConfig { get; set; } = "tiny";

    /// <summary>A config object; when set it is used instead of <see cref="ModelConfig"/>.</summary>
    public PriorClipModelConfig? ModelConfigObject { get; set; }

    /// <summary>
    /// Token vocabulary size of the text encoder. Null reads it from the Tokens column's
    /// <c>VocabularySize</c> annotation, which <c>PriorClipTokenize</c> writes.
    /// </summary>
    public int? VocabularySize { get; set; }

    /// <summary>
    /// A pretrained visual prior to build into the model instead of the config's instruction source: a torchvision
    /// ResNet state_dict (PIR's AID-trained ResNet-50) or a CLIP modified-ResNet checkpoint (RN50). It is loaded
    /// strictly, frozen, and not trained; the fitted model (and its .zip) carries it. Null: the config decides.
    /// </summary>
    public string? PriorCheckpoint { get; set; }

    /// <summary>
    /// Weights to start from (an imported CLIP model, or a stage-1 model: <c>PriorClipEncodeTransformer.Model</c>).
    /// Every tensor whose name and shape match the new model is copied; the rest (a new PAE head, an instruction
    /// projection, a prior) keep their initialisation, and the trainer logs how many of each there were. Null: train
    /// from the random initialisation.
    /// </summary>
    public Modeling.PriorClipModel? InitialModel { get; set; }

    /// <summary>
    /// Keep the text encoder fixed (the open-domain stage 2, vision-instruction fine-tuning): its parameters get no
    /// updates and no weight decay.
    /// </summary>
    public bool FreezeTextEncoder { get; set; }

    /// <summary>Training epochs (closed-domain recipe: 50). Default 10.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>(Image, caption) pairs per batch (recipe: 2×128). Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Peak AdamW learning rate (recipe: 6e-5 for pretrained backbones). Default 1e-3 (from scratch).</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>AdamW weight decay on weight matrices (biases, norms and temperatures exempt). Default 0.01.</summary>
    public double WeightDecay { get; set; } = 0.01;

    /// <summary>AdamW β1. Default 0.9.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>AdamW β2. Default 0.98 (recipe).</summary>
    public double Beta2 { get; set; } = 0.98;

    /// <summary>Fraction of all steps spent in linear warm-up. Default 0.1 (recipe).</summary>
    public double WarmupFraction { get; set; } = 0.1;

    /// <summary>Decay after warm-up. Default linear (closed-domain recipe; open_clip uses cosine).</summary>
    public LearningRateDecay Decay { get; set; } = LearningRateDecay.Linear;

    /// <summary>Clip the global gradient norm to this value; 0 turns clipping off. Default 1.</summary>
    public double GradientClipNorm { get; set; } = 1.0;

    /// <summary>
    /// Whether captions of one image may share a batch. Null chooses from the loss: together
    /// for the multi-positive loss, apart for the single-positive one. Default null.
    /// </summary>
    public CaptionBatching? CaptionBatching { get; set; }

    /// <summary>
    /// Scene-grouped batches: each batch draws its pairs from about this many scene classes (the scene-class
    /// column), so most in-batch negatives share the positive's class and the contrastive loss keeps working on
    /// what tells scenes of one class apart after the classes are learnt. Images of an unknown class form a
    /// group of their own. 0 mixes all classes in every batch. Default 0: on the synthetic demo set (12 classes,
    /// 7 epochs) grouping hurt badly, validation mR 39.7 with 4 classes per batch and 26.2 with 2 against 50.4 mixed
    /// (bench/results/tuning.md, t10, t11), because the model never sees the easy cross-class negatives it first
    /// has to learn from. Try it when fine-tuning a model that already separates the classes.
    /// </summary>
    public int ScenesPerBatch { get; set; }

    /// <summary>Training-time augmentation; null turns it off. Its output size is set to the model's image size.</summary>
    public TrainingAugmentationOptions? Augmentation { get; set; } = new();

    /// <summary>Epochs that pre-train the built-in scene classifier (then frozen). Default 3.</summary>
    public int PriorEpochs { get; set; } = 3;

    /// <summary>Learning rate of the scene-classifier pre-training. Default 2e-3.</summary>
    public double PriorLearningRate { get; set; } = 2e-3;

    /// <summary>Stop after this many validations without improvement; 0 never stops early. Default 0.</summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>Folder for <c>last.ckpt</c> (resumable state) and <c>best.ckpt</c>; null keeps no checkpoints. Default null.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Continue from <c>last.ckpt</c> in <see cref="CheckpointDirectory"/> when it exists. Default false.</summary>
    public bool Resume { get; set; }

    /// <summary>Also checkpoint every this many batches inside an epoch; 0 checkpoints at epoch ends only. Default 0.</summary>
    public int CheckpointEveryBatches { get; set; }

    /// <summary>Seed of initialisation, batch order, augmentation and dropout; null takes 42. Default null.</summary>
    public int? Seed { get; set; }

    /// <summary>Batches prepared ahead by background workers (decoding, augmentation). Default 2.</summary>
    public int PrefetchBatches { get; set; } = 2;

    /// <summary>Batch size when encoding for validation. Default 256.</summary>
    public int EvaluationBatchSize { get; set; } = 256;

    /// <summary>Receives progress after each batch and each epoch; null for none.</summary>
    public IProgress<PriorClipTrainingProgress>? Progress { get; set; }

    /// <summary>Cancels training between batches (the last checkpoint stays valid).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Receives per-phase step times and per-epoch GC counts (the bench's training profile); null for none.</summary>
    internal Diagnostics.TrainingStepProfile? StepProfile { get; set; }

    /// <summary>A shallow copy (the progress sink, initial model and config object are shared).</summary>
    public PriorClipTrainerOptions Clone() => (PriorClipTrainerOptions)MemberwiseClone();

    /// <summary>Throws for an out-of-range setting, naming it.</summary>
    public void Validate()
    {
        static void Positive(double value, string name) { if (!(value > 0)) throw new ArgumentOutOfRangeException(name, value, "must be positive"); }
        Positive(Epochs, nameof(Epochs));
        Positive(BatchSize, nameof(BatchSize));
        Positive(LearningRate, nameof(LearningRate));
        Positive(PrefetchBatches, nameof(PrefetchBatches));
        Positive(EvaluationBatchSize, nameof(EvaluationBatchSize));
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be ≥ 0");
        if (WarmupFraction < 0 || WarmupFraction > 1) throw new ArgumentOutOfRangeException(nameof(WarmupFraction), WarmupFraction, "must be in [0, 1]");
        if (GradientClipNorm < 0) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), GradientClipNorm, "must be ≥ 0");
        if (PriorEpochs < 0) throw new ArgumentOutOfRangeException(nameof(PriorEpochs), PriorEpochs, "must be ≥ 0");
        if (EarlyStoppingPatience < 0) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "must be ≥ 0");
        if (CheckpointEveryBatches < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEveryBatches), CheckpointEveryBatches, "must be ≥ 0");
        if (Resume && CheckpointDirectory is null) throw new ArgumentException("Resume needs a CheckpointDirectory", nameof(Resume));
        Augmentation?.Validate();
    }
}
