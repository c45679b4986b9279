using TorchSharp.Modules;

namespace PriorClip.MLNet.Modeling;

/// <summary>
/// Which parameters AdamW decays, as the reference recipes (open_clip, the closed-domain code) do:
/// matrices, convolution kernels and embeddings are decayed; biases, normalisation weights, the
/// 1-D class embedding and the learnable temperatures — every tensor of rank &lt; 2 — are not.
/// Frozen parameters (requires_grad false) are left out of both groups.
/// </summary>
public static class WeightDecayGroups
{
    /// <summary>Splits the trainable parameters of <paramref name="parameters"/> into (decayed, exempt).</summary>
    public static (IReadOnlyList<Parameter> Decay, IReadOnlyList<Parameter> NoDecay) Split(IEnumerable<Parameter> parameters)
    {
        var trainable = parameters.Where(p => p.requires_grad).ToList();
        return (trainable.Where(p => p.dim() >= 2).ToList(), trainable.Where(p => p.dim() < 2).ToList());
    }
}
