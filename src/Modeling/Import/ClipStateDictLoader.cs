using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>
/// Copies open_clip-named CLIP tensors into a <see cref="PriorClipModel"/> strictly: every tensor of the file is
/// used, every parameter and buffer of the model is set, and shapes are equal; otherwise nothing is copied and a
/// <see cref="CheckpointMismatchException"/> lists every difference.
/// </summary>
/// <remarks>
/// Our modules mirror open_clip's names under two wrappers: the image tower's <c>visual.X</c> is our
/// <c>visual.trunk.X</c>, the text tower's root-level <c>token_embedding</c>, <c>positional_embedding</c>,
/// <c>transformer</c>, <c>ln_final</c> and <c>text_projection</c> are our <c>text.trunk.*</c>. Not weights, and so
/// skipped: OpenAI's <c>input_resolution</c>, <c>context_length</c>, <c>vocab_size</c> entries and any
/// <c>attn_mask</c> buffer (the causal mask is rebuilt from the config). Our <c>attribution_logit_scale</c>
/// has no CLIP counterpart: it keeps its initial value.
/// </remarks>
public static class ClipStateDictLoader
{
    static readonly string[] TextRoots = ["token_embedding.", "positional_embedding", "transformer.", "ln_final.", "text_projection"];
    static readonly HashSet<string> NotWeights = ["input_resolution", "context_length", "vocab_size"];
    const string ModelOnly = "attribution_logit_scale";

    /// <summary>Our parameter name for an open_clip name, or null when the name is not part of a CLIP model.</summary>
    public static string? OurName(string openClipName)
    {
        if (openClipName.StartsWith("visual.", StringComparison.Ordinal)) return "visual.trunk." + openClipName["visual.".Length..];
        if (openClipName == "logit_scale") return openClipName;
        foreach (var root in TextRoots)
            if (openClipName.StartsWith(root, StringComparison.Ordinal)) return "text.trunk." + openClipName;
        return null;
    }

    /// <summary>Loads <paramref name="tensors"/> into <paramref name="model"/> (see the remarks for the name rules).</summary>
    /// <exception cref="CheckpointMismatchException">The file and the model differ; nothing was copied.</exception>
    public static void Load(PriorClipModel model, IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        var mapped = new List<StrictTensorCopy.Mapped>();
        var unexpected = new List<string>();
        foreach (var (name, tensor) in tensors)
        {
            if (NotWeights.Contains(name) || name == "attn_mask" || name.EndsWith(".attn_mask", StringComparison.Ordinal)) continue;
            if (OurName(name) is { } ours) mapped.Add(new(name, tensor, ours));
            else unexpected.Add(name);
        }
        StrictTensorCopy.Apply(path, model.state_dict(), mapped, unexpected, new HashSet<string> { ModelOnly }, OpenClipName);
    }

    // Missing names are reported as the checkpoint would spell them, which is what a user compares against.
    static string OpenClipName(string ours) =>
        ours.StartsWith("visual.trunk.", StringComparison.Ordinal) ? "visual." + ours["visual.trunk.".Length..]
        : ours.StartsWith("text.trunk.", StringComparison.Ordinal) ? ours["text.trunk.".Length..]
        : ours;
}
