using PriorClip.MLNet.Modeling.Configs;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>Settings of <see cref="ClipCheckpointImporter"/>.</summary>
public sealed record ClipImportOptions
{
    /// <summary>
    /// MLP activation of both towers; the tensors cannot tell. Null picks by format: a Hugging Face folder's
    /// <c>config.json</c> <c>hidden_act</c> when present, else QuickGELU for Hugging Face and TorchScript files
    /// (OpenAI-trained weights), GELU for open_clip state dicts (RemoteCLIP and GeoRSCLIP build open_clip's
    /// <c>ViT-B-32</c>, whose config uses GELU). OpenAI weights saved as an open_clip state dict need QuickGELU.
    /// </summary>
    public ActivationKind? Activation { get; init; }

    /// <summary>Name recorded in the model config; null uses the checkpoint's file name.</summary>
    public string? Name { get; init; }
}
