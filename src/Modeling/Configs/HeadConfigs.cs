namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>How the image embedding is formed; knobs of Spatial-PAE and the soft belief strategy.</summary>
public sealed record ImageHeadConfig
{
    /// <summary>Head family.</summary>
    public ImageHeadKind Kind { get; init; } = ImageHeadKind.Pooled;

    /// <summary>SpatialPae: tokens kept by the hard belief strategy (k).</summary>
    public int TopK { get; init; }

    /// <summary>SpatialPae: progressive instruction-attention layers (n_v).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>SpatialPae: attention heads (PAE width = <see cref="PriorClipModelConfig.EmbedDim"/>).</summary>
    public int Heads { get; init; } = 8;

    /// <summary>SpatialPae: dropout after attention and inside the FFN.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>SoftBelief: normalisation axis (ours: features; reference: tokens).</summary>
    public SoftBeliefNormalization Normalization { get; init; } = SoftBeliefNormalization.Features;

    /// <summary>SoftBelief: rank-weight indexing (ours: by rank; reference: by position).</summary>
    public RankWeightIndex RankWeight { get; init; } = RankWeightIndex.Rank;
}

/// <summary>How the text embedding is formed; knobs of Temporal-PAE.</summary>
public sealed record TextHeadConfig
{
    /// <summary>Head family.</summary>
    public TextHeadKind Kind { get; init; } = TextHeadKind.Pooled;

    /// <summary>TemporalPae: cyclic steps (n_t).</summary>
    public int Layers { get; init; } = 3;

    /// <summary>TemporalPae: attention heads (width = <see cref="PriorClipModelConfig.EmbedDim"/>).</summary>
    public int Heads { get; init; } = 8;

    /// <summary>TemporalPae: dropout.</summary>
    public double Dropout { get; init; } = 0.2;
}

/// <summary>Loss weights and temperatures (docs/method.md §5).</summary>
public sealed record LossConfig
{
    /// <summary>Initial contrastive temperature τ (logit scale = ln(1/τ)).</summary>
    public double InitTemperature { get; init; } = 0.07;

    /// <summary>Initial attribution temperature τ2.</summary>
    public double InitAttributionTemperature { get; init; } = 0.07;

    /// <summary>Upper clamp of exp(logit_scale), as CLIP.</summary>
    public double MaxLogitScale { get; init; } = 100.0;

    /// <summary>λ, weight of the attribution loss (0 disables it).</summary>
    public double AttributionWeight { get; init; } = 1.0;

    /// <summary>Weight of the triplet hinge loss (0 = off, as in the reference).</summary>
    public double TripletWeight { get; init; }

    /// <summary>Triplet margin.</summary>
    public double TripletMargin { get; init; } = 0.2;

    /// <summary>Every caption of the same image id is a positive (closed-domain); otherwise only the diagonal.</summary>
    public bool MultiPositive { get; init; } = true;
}
