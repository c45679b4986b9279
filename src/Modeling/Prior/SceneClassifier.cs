using PriorClip.MLNet.Modeling.Vision;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Prior;

/// <summary>
/// Built-in visual prior for datasets without an external one: a small CNN (<c>features</c>) → mean pool →
/// <c>fc</c> → scene-class logits. Its penultimate (pooled) feature is the instruction. Train it first on
/// scene labels (<see cref="Unfreeze"/>, <see cref="ClassificationLoss"/>), then <see cref="Freeze"/> it:
/// frozen, it has no trainable parameters and stays in eval mode even when its parent is put in train mode.
/// </summary>
public sealed class SceneClassifier : nn.Module
{
#pragma warning disable IDE1006
    private readonly SmallCnn features;
    private readonly Linear fc;
#pragma warning restore IDE1006

    /// <summary>Creates the classifier (frozen: call <see cref="Unfreeze"/> to train it).</summary>
    public SceneClassifier(int[] stageWidths, int sceneClasses, int imageSize) : base(nameof(SceneClassifier))
    {
        // One conv per stage: the prior only needs to tell scenes apart, and it runs on every image.
        features = new SmallCnn(stageWidths, convsPerStage: 1, imageSize: imageSize);
        fc = nn.Linear(features.Width, sceneClasses);
        SceneClasses = sceneClasses;
        RegisterComponents();
        Freeze();
    }

    /// <summary>Width of the instruction (penultimate) feature.</summary>
    public int FeatureWidth => features.Width;

    /// <summary>Number of scene classes.</summary>
    public int SceneClasses { get; }

    /// <summary>True after <see cref="Freeze"/> (the initial state).</summary>
    public bool IsFrozen { get; private set; }

    /// <summary>Pixels [B,3,H,W] → pooled feature [B,F] (the instruction). No graph is recorded when frozen.</summary>
    public Tensor Features(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        using var guard = IsFrozen ? torch.no_grad() : null;
        return features.ForwardGrid(pixels).mean([2L, 3L]).MoveToOuterDisposeScope();
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
