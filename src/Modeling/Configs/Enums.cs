namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>Which vision trunk to build.</summary>
public enum VisionKind
{
    /// <summary>Small plain CNN for the CPU (stages of stride-2 conv blocks); token grid = last stage.</summary>
    SmallCnn,
    /// <summary>torchvision ResNet with bottlenecks (ResNet-50 = stage depths 3,4,6,3); token grid = layer4.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("resnet")]
    ResNet,
    /// <summary>CLIP-layout vision transformer (ViT-B/32 etc.).</summary>
    Vit,
    /// <summary>Swin Transformer (Swin-T etc.); token grid = last stage after the final norm.</summary>
    Swin,
    /// <summary>
    /// CLIP's modified ResNet (RN50 = stage depths 3,4,6,3, width 64): three-convolution stem, anti-aliased strides,
    /// attention pooling to the embedding (pooled head); token grid = layer4.
    /// </summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("clip_resnet")]
    ClipResNet,
}

/// <summary>How the image embedding is formed from the trunk's tokens.</summary>
public enum ImageHeadKind
{
    /// <summary>Pooled / CLS token → linear projection (no prior).</summary>
    Pooled,
    /// <summary>Closed-domain Spatial-PAE with the hard belief strategy (docs/method.md §2).</summary>
    SpatialPae,
    /// <summary>Open-domain soft belief inside the ViT, instruction token prepended (docs/method.md §4). ViT only.</summary>
    SoftBelief,
}

/// <summary>How the text embedding is formed from the text trunk's token states.</summary>
public enum TextHeadKind
{
    /// <summary>Pooled token (see <see cref="TextPooling"/>) → <c>text_projection</c>.</summary>
    Pooled,
    /// <summary>Closed-domain Temporal-PAE (docs/method.md §3) on the token states; pools the first token.</summary>
    TemporalPae,
}

/// <summary>Which token of the text transformer represents the caption.</summary>
public enum TextPooling
{
    /// <summary>CLIP: the position of the largest token id (the end-of-text token has the largest id in CLIP's vocabulary).</summary>
    EotArgmax,
    /// <summary>The last non-padding position (explicit length from the attention mask).</summary>
    EotMask,
    /// <summary>The first token (BERT-style [CLS] / start-of-text; use with a bidirectional transformer).</summary>
    First,
}

/// <summary>Where the instruction (visual prior) comes from.</summary>
public enum InstructionSource
{
    /// <summary>No prior; only valid with <see cref="ImageHeadKind.Pooled"/>.</summary>
    None,
    /// <summary>An external feature vector per image (e.g. a frozen scene classifier run upstream), width from the config.</summary>
    External,
    /// <summary>The built-in <see cref="Prior.SceneClassifier"/>'s penultimate feature (trained first, then frozen).</summary>
    SceneClassifier,
}

/// <summary>The network of the built-in scene classifier (the visual prior).</summary>
public enum PriorTrunkKind
{
    /// <summary>Small plain CNN (<c>classifier_stage_widths</c>): cheap, trained on the scene labels in minutes on a CPU.</summary>
    SmallCnn,
    /// <summary>torchvision ResNet layout (ResNet-50 = depths 3,4,6,3, width 64): PIR's prior; feature = average-pooled layer4.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("resnet")]
    ResNet,
    /// <summary>CLIP's modified ResNet with attention pooling (RN50): the open-domain prior; feature = the attention pool's output.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("clip_resnet")]
    ClipResNet,
}

/// <summary>Activation of transformer MLPs.</summary>
public enum ActivationKind
{
    /// <summary>Exact GELU.</summary>
    Gelu,
    /// <summary>OpenAI CLIP's QuickGELU.</summary>
    QuickGelu,
}

/// <summary>Axis over which the soft-belief tokens are L2-normalised.</summary>
public enum SoftBeliefNormalization
{
    /// <summary>Ours: each token normalised over its features.</summary>
    Features,
    /// <summary>The reference code's variant: normalised over the token axis.</summary>
    Tokens,
}

/// <summary>How the soft-belief rank weight is indexed.</summary>
public enum RankWeightIndex
{
    /// <summary>Ours: <c>w_j = 1/sqrt(rank_j + 1)</c> with each token's belief rank.</summary>
    Rank,
    /// <summary>
    /// The reference code's variant: tokens reordered by descending belief, the i-th getting <c>1/sqrt(i + 1)</c>.
    /// Same embedding as <see cref="Rank"/> (only the token order differs, and no positions are added after it).
    /// </summary>
    Position,
}

/// <summary>Which text trunk to build.</summary>
public enum TextKind
{
    /// <summary>CLIP-layout transformer (causal or bidirectional).</summary>
    Transformer,
    /// <summary>Bidirectional GRU (heads, mlp_ratio, activation and causal are ignored).</summary>
    Gru,
}
