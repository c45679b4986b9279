namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>Text transformer (CLIP layout; BERT-sized configs reuse it, see docs/model-configs.md).</summary>
public sealed record TextConfig
{
    /// <summary>Trunk family (default transformer).</summary>
    public TextKind Kind { get; init; } = TextKind.Transformer;

    /// <summary>Token vocabulary size (ids must lie in [0, VocabSize)).</summary>
    public int VocabSize { get; init; } = 49408;

    /// <summary>Maximum sequence length L (positional embedding rows).</summary>
    public int ContextLength { get; init; } = 77;

    /// <summary>Model width (GRU: hidden size).</summary>
    public int Width { get; init; } = 128;

    /// <summary>Transformer layers (GRU: stacked GRU layers).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>MLP hidden width / model width.</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>MLP activation.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Gelu;

    /// <summary>Causal (CLIP) or bidirectional (BERT-style) self-attention. Padding is masked either way.</summary>
    public bool Causal { get; init; }

    /// <summary>Which token represents the caption for <see cref="TextHeadKind.Pooled"/>.</summary>
    public TextPooling Pooling { get; init; } = TextPooling.First;
}
