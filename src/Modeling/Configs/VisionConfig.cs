namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>Vision trunk. Fields not used by <see cref="Kind"/> are ignored.</summary>
public sealed record VisionConfig
{
    /// <summary>Trunk family.</summary>
    public VisionKind Kind { get; init; } = VisionKind.SmallCnn;

    /// <summary>Square input size in pixels.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>SmallCnn: output channels per stage (each stage halves the resolution).</summary>
    public int[] StageWidths { get; init; } = [32, 64, 128, 256];

    /// <summary>SmallCnn: 3×3 convolutions per stage (the first has stride 2). ResNet: ignored.</summary>
    public int ConvsPerStage { get; init; } = 2;

    /// <summary>
    /// SmallCnn: add a learned embedding per grid cell to the grid tokens (<c>positional_embedding</c>). Without it
    /// the image head sees where a token lies only through the zero padding's faint imprint, because Spatial-PAE
    /// reorders the tokens by belief; captions that say "on the left" or "in the upper part" need it. Off in
    /// <c>tiny</c>: on the synthetic demo set it lowered validation mR to 46.96 from 50.35 in 7 epochs
    /// (bench/results/tuning.md, t14), the extra freedom costing more than the few side captions gain.
    /// </summary>
    public bool GridPositions { get; init; }

    /// <summary>ResNet: bottleneck blocks per stage (ResNet-50: 3,4,6,3). Swin: blocks per stage (Swin-T: 2,2,6,2).</summary>
    public int[] StageDepths { get; init; } = [3, 4, 6, 3];

    /// <summary>ResNet: base width (64 for ResNet-50; the last stage has 32× this many channels). ViT: model width. Swin: embedding width C (96 for Swin-T; the last stage has 8·C).</summary>
    public int Width { get; init; } = 64;

    /// <summary>ViT: transformer layers.</summary>
    public int Layers { get; init; } = 12;

    /// <summary>Swin: attention heads per stage (Swin-T: 3,6,12,24).</summary>
    public int[] StageHeads { get; init; } = [3, 6, 12, 24];

    /// <summary>Swin: attention window size (7).</summary>
    public int WindowSize { get; init; } = 7;

    /// <summary>ViT: attention heads.</summary>
    public int Heads { get; init; } = 12;

    /// <summary>ViT / Swin: patch size (Swin-T: 4).</summary>
    public int PatchSize { get; init; } = 32;

    /// <summary>ViT / Swin: MLP hidden width / model width.</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>ViT: MLP activation.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.QuickGelu;
}
