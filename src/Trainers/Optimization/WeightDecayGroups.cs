namespace PriorClip.MLNet.Trainers.Optimization;

/// <summary>
/// Which parameters AdamW decays. As in open_clip and the closed-domain recipe: no decay on
/// biases, normalisation weights (BatchNorm/LayerNorm: names containing "bn", "ln" or "norm"),
/// other one-dimensional parameters, and the learnable temperatures ("logit_scale").
/// </summary>
public static class WeightDecayGroups
{
    /// <summary>True when the parameter named <paramref name="name"/> with <paramref name="rank"/> dimensions is exempt.</summary>
    public static bool IsExempt(string name, long rank)
    {
        if (rank < 2) return true;
        foreach (var part in name.Split('.'))
        {
            if (part == "bias" || part.Contains("logit_scale", StringComparison.Ordinal)) return true;
            if (part.StartsWith("bn", StringComparison.Ordinal) || part.StartsWith("ln", StringComparison.Ordinal)
                || part.Contains("norm", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
