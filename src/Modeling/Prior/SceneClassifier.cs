using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Vision;
using PriorClip.MLNet.Modeling.Vision.ClipResNet;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Prior;

/// <summary>
/// Built-in visual prior: a network (<c>features</c>: a small CNN, a torchvision-layout ResNet, or CLIP's modified
/// ResNet, see <see cref="PriorTrunkKind"/>) → pooled feature → <c>fc</c> → scene-class logits. Its pooled
/// feature is the instruction. Weights come from training on the scene labels, or from a checkpoint
/// (<see cref="Import.PriorCheckpoint"/>). Train it first on
/// scene labels (<see cref="Unfreeze"/>, <see cref="ClassificationLoss"/>), then <see cref="Freeze"/> it:
/// frozen, it has no trainable parameters and stays in eval mode even when its parent is put in train mode.
/// </summary>
public sealed class SceneClassifier : nn.Module
{
#pragma warning disable IDE1006
    private readonly VisionTrunk features;
    private readonly Linear fc;
#pragma warning restore IDE1006
    private readonly int _featureWidth;
    private readonly int? _resizeTo;

    /// <summary>Creates the classifier described by <paramref name="config"/> for <paramref name="imageSize"/> px input (frozen: call <see cref="Unfreeze"/> to train it).</summary>
    public SceneClassifier(InstructionConfig config, int imageSize) : base(nameof(SceneClassifier))
    {
        ArgumentNullException.ThrowIfNull(config);
        switch (config.ClassifierKind)
        {
            case PriorTrunkKind.ResNet:
                var resnet = new ResNet(config.ClassifierStageDepths, config.ClassifierWidth, imageSize);
                (features, _featureWidth) = (resnet, resnet.Width);
                break;
            case PriorTrunkKind.ClipResNet:
                var clip = new ModifiedResNet(config.ClassifierStageDepths, config.ClassifierWidth, config.ClassifierImageSize, config.ClassifierHeads, config.ClassifierOutputDim);
                (features, _featureWidth) = (clip, clip.PooledWidth);
                if (imageSize != config.ClassifierImageSize) _resizeTo = config.ClassifierImageSize;
                break;
            default:
                // One conv per stage: the prior only needs to tell scenes apart, and it runs on every image.
                var cnn = new SmallCnn(config.ClassifierStageWidths, convsPerStage: 1, imageSize: imageSize);
                (features, _featureWidth) = (cnn, cnn.Width);
                break;
        }
        fc = nn.Linear(_featureWidth, config.SceneClasses);
        SceneClasses = config.SceneClasses;
        RegisterComponents();
        Freeze();
    }

    /// <summary>Width of the instruction (penultimate) feature.</summary>
    public int FeatureWidth => _featureWidth;

    /// <summary>The side CLIP's ResNet resizes its input to (bilinear), or null when it takes the model's pixels as they are; for the ONNX exporter.</summary>
    internal int? ResizeTo => _resizeTo;

    /// <summary>Number of scene classes.</summary>
    public int SceneClasses { get; }

    /// <summary>True after <see cref="Freeze"/> (the initial state).</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Pixels [B,3,H,W] → pooled feature [B,F] (the instruction). No graph is recorded when frozen.</summary>
    public Tensor Features(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        using var guard = IsFrozen ? torch.no_grad() : null;
        var feature = features switch
        {
            SmallCnn cnn => cnn.ForwardGrid(pixels).mean([2L, 3L]),
            ModifiedResNet clip => clip.ForwardPooled(_resizeTo is int size
                ? nn.functional.interpolate(pixels, [size, size], mode: InterpolationMode.Bilinear, align_corners: false)
                : pixels),
            // torchvision's avgpool + flatten: the mean token GridToTokens puts first.
            _ => features.ForwardTokens(pixels).select(1, 0),
        };
        return feature.MoveToOuterDisposeScope();
    }

    /// <summary>Pixels → class logits [B,C].</summary>
    public Tensor Logits(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        return fc.call(Features(pixels)).MoveToOuterDisposeScope();
    }

    /// <summary>Mean cross-entropy of the logits against class ids int64 [B] (for the pre-training stage).</summary>
    public Tensor ClassificationLoss(Tensor pixels, Tensor sceneClassIds)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.cross_entropy(Logits(pixels), sceneClassIds).MoveToOuterDisposeScope();
    }

    /// <summary>requires_grad = false everywhere and eval mode (BatchNorm uses its running statistics).</summary>
    public void Freeze()
    {
        foreach (var p in parameters()) p.requires_grad = false;
        IsFrozen = true;
        base.train(false);
    }

    /// <summary>requires_grad = true everywhere and train mode.</summary>
    public void Unfreeze()
    {
        foreach (var p in parameters()) p.requires_grad = true;
        IsFrozen = false;
        base.train(true);
    }

    /// <summary>Like the base, but a frozen classifier always stays in eval mode.</summary>
    public override void train(bool on = true) => base.train(on && !IsFrozen);
}
