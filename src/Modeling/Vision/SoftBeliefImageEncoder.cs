using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// Open-domain image encoder: instruction [B,P] → <c>instruction_proj</c> → y [B,W] (the ViT width, e.g.
/// 512 → 768), then the ViT's soft-belief forward (docs/method.md §4) → L2 norm.
/// </summary>
public sealed class SoftBeliefImageEncoder : ImageEncoder
{
#pragma warning disable IDE1006
    private readonly VisionTransformer trunk;
    private readonly Linear instruction_proj;
#pragma warning restore IDE1006
    private readonly int _instructionWidth;
    private readonly SoftBeliefNormalization _normalization;
    private readonly RankWeightIndex _rankWeight;

    /// <summary>Creates the encoder; <paramref name="trunk"/> must have its projection (<c>proj</c>).</summary>
    public SoftBeliefImageEncoder(VisionTransformer trunk, int instructionWidth, SoftBeliefNormalization normalization, RankWeightIndex rankWeight)
        : base(nameof(SoftBeliefImageEncoder))
    {
        this.trunk = trunk;
        _instructionWidth = instructionWidth;
        _normalization = normalization;
        _rankWeight = rankWeight;
        instruction_proj = nn.Linear(instructionWidth, trunk.Width);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int InstructionWidth => _instructionWidth;

    /// <inheritdoc />
    public override VisionTrunk Trunk => trunk;

    /// <inheritdoc />
    public override Tensor Encode(Tensor pixels, Tensor? instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        using var scope = torch.NewDisposeScope();
        var y = instruction_proj.call(instruction);
        var feature = trunk.ForwardSoftBelief(pixels, y, _normalization, _rankWeight);
        return nn.functional.normalize(feature, p: 2, dim: -1).MoveToOuterDisposeScope();
    }
}
