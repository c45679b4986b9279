using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>
/// The strict half of every import: checks a complete name mapping against a module's state dict and copies only when
/// nothing is missing, unexpected or mis-shaped (else one <see cref="CheckpointMismatchException"/> lists them all).
/// </summary>
internal static class StrictTensorCopy
{
    /// <summary>A checkpoint tensor and the module tensor it sets.</summary>
    internal readonly record struct Mapped(string FileName, Tensor Source, string TargetName);

    /// <param name="path">The checkpoint (for the message).</param>
    /// <param name="targets">The module's state dict.</param>
    /// <param name="mapped">Checkpoint tensors with their module names.</param>
    /// <param name="unexpected">Checkpoint names with no module counterpart.</param>
    /// <param name="optional">Module tensors a checkpoint need not provide (they keep their initialisation).</param>
    /// <param name="fileNameOf">Spells a module name as the checkpoint would, for the missing list.</param>
    internal static void Apply(string path, IReadOnlyDictionary<string, Tensor> targets, IReadOnlyList<Mapped> mapped, List<string> unexpected,
        IReadOnlySet<string> optional, Func<string, string> fileNameOf)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var misshaped = new List<string>();
        var plan = new List<(Tensor Source, Tensor Target)>();
        foreach (var m in mapped)
        {
            if (!targets.TryGetValue(m.TargetName, out var target))
            {
                unexpected.Add(m.FileName);
                continue;
            }
            used.Add(m.TargetName);
            // A 0-d scalar (logit_scale) is sometimes saved as [1]: same value, same meaning.
            bool scalarAlike = m.Source.numel() == 1 && target.numel() == 1;
            if (!m.Source.shape.SequenceEqual(target.shape) && !scalarAlike)
                misshaped.Add($"{m.FileName}: file [{string.Join(", ", m.Source.shape)}] vs model [{string.Join(", ", target.shape)}]");
            else plan.Add((m.Source, target));
        }
        var missing = targets.Keys.Where(k => !used.Contains(k) && !optional.Contains(k)).Select(fileNameOf).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || misshaped.Count > 0)
            throw new CheckpointMismatchException(path, missing, unexpected, misshaped);
        using var noGrad = torch.no_grad();
        foreach (var (source, target) in plan)
            target.copy_(source.reshape(target.shape).to(target.dtype));
    }
}
