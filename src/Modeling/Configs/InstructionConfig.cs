namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>The visual prior ("instruction") input.</summary>
public sealed record InstructionConfig
{
    /// <summary>Where the instruction vector comes from.</summary>
    public InstructionSource Source { get; init; } = InstructionSource.None;

    /// <summary>External: width P of the instruction feature column.</summary>
    public int Width { get; init; }

    /// <summary>SceneClassifier: number of scene classes it is trained on.</summary>
    public int SceneClasses { get; init; }

    /// <summary>SceneClassifier: stage widths of its CNN (the last is the instruction width).</summary>
    public int[] ClassifierStageWidths { get; init; } = [16, 32, 64, 128];

    /// <summary>SceneClassifier: its network (small CNN, torchvision ResNet, or CLIP's modified ResNet).</summary>
    public PriorTrunkKind ClassifierKind { get; init; } = PriorTrunkKind.SmallCnn;

    /// <summary>SceneClassifier with a ResNet: bottlenecks per stage (ResNet-50: 3, 4, 6, 3).</summary>
    public int[] ClassifierStageDepths { get; init; } = [3, 4, 6, 3];

    /// <summary>SceneClassifier with a ResNet: base (torchvision) or stem (CLIP) width; ResNet-50: 64.</summary>
    public int ClassifierWidth { get; init; } = 64;

    /// <summary>SceneClassifier with CLIP's ResNet: attention-pool heads (RN50: 32) and output width (RN50: 1024, the instruction width).</summary>
    public int ClassifierHeads { get; init; } = 32;

    /// <summary>See <see cref="ClassifierHeads"/>.</summary>
    public int ClassifierOutputDim { get; init; } = 1024;

    /// <summary>
    /// SceneClassifier with CLIP's ResNet: the input size its attention pool was trained at (RN50: 224); other
    /// model input sizes are resized to it (bilinear) inside the prior.
    /// </summary>
    public int ClassifierImageSize { get; init; } = 224;
}
