using PriorClip.MLNet.Modeling.Pae;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// Closed-domain image encoder: trunk tokens [B,1+N,W] → <c>token_proj</c> → V [B,1+N,D]; instruction [B,P] →
/// <c>instruction_proj</c> → u [B,D]; <see cref="SpatialPae"/> → [B,D].
/// </summary>
public sealed class SpatialPaeImageEncoder : ImageEncoder
{
#pragma warning disable IDE1006
    private readonly VisionTrunk trunk;
    private readonly Linear token_proj;
    private readonly Linear instruction_proj;
    private readonly SpatialPae pae;
#pragma warning restore IDE1006
    private readonly int _instructionWidth;

    /// <summary>Creates the encoder.</summary>
    public SpatialPaeImageEncoder(VisionTrunk trunk, int instructionWidth, int embedDim, int topK, int layers, int heads, double dropout)
        : base(nameof(SpatialPaeImageEncoder))
    {
        this.trunk = trunk;
        _instructionWidth = instructionWidth;
        token_proj = nn.Linear(trunk.Width, embedDim);
        instruction_proj = nn.Linear(instructionWidth, embedDim);
        pae = new SpatialPae(embedDim, topK, layers, heads, dropout);
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
        var v = token_proj.call(trunk.ForwardTokens(pixels));
        var u = instruction_proj.call(instruction);
        return pae.Forward(v, u).MoveToOuterDisposeScope();
    }
}
