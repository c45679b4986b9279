using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Bench;

/// <summary>Generator options of the standard and the hard synthetic set (seed 42, default size).</summary>
internal static class HardSet
{
    /// <summary>The options `priorclip synth` (and `synth --hard`) uses, so bench runs train on the same sets users make.</summary>
    public static SyntheticDatasetOptions Options(bool hard) => new()
    {
        Seed = 42,
        Difficulty = hard ? SyntheticDifficulty.Hard : SyntheticDifficulty.Standard,
    };
}
