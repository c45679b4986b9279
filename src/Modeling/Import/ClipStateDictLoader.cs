using TorchSharp;
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
        var targets = model.state_dict();
        var plan = new List<(Tensor Source, Tensor Target)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var misshaped = new List<string>();
        var fileNameOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (NotWeights.Contains(name) || name == "attn_mask" || name.EndsWith(".attn_mask", StringComparison.Ordinal)) continue;
            string? ours = OurName(name);
            if (ours is null || !targets.TryGetValue(ours, out var target))
            {
                unexpected.Add(name);
                continue;
            }
            used.Add(ours);
            fileNameOf[ours] = name;
            // A 0-d logit_scale is sometimes saved as [1]: same value, same meaning.
            bool scalarAlike = tensor.numel() == 1 && target.numel() == 1;
            if (!tensor.shape.SequenceEqual(target.shape) && !scalarAlike)
                misshaped.Add($"{name}: file [{string.Join(", ", tensor.shape)}] vs model [{string.Join(", ", target.shape)}]");
            else plan.Add((tensor, target));
        }
        var missing = targets.Keys.Where(k => !used.Contains(k) && k != ModelOnly).Select(OpenClipName).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || misshaped.Count > 0)
            throw new CheckpointMismatchException(path, missing, unexpected, misshaped);
        using var noGrad = torch.no_grad();
        foreach (var (source, target) in plan)
            target.copy_(source.reshape(target.shape).to(target.dtype));
    }

    // Missing names are reported as the checkpoint would spell them, which is what a user compares against.
    static string OpenClipName(string ours) =>
        ours.StartsWith("visual.trunk.", StringComparison.Ordinal) ? "visual." + ours["visual.trunk.".Length..]
        : ours.StartsWith("text.trunk.", StringComparison.Ordinal) ? ours["text.trunk.".Length..]
        : ours;
}
