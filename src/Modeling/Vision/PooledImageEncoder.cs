using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// No prior: the trunk's pooled token → <c>proj</c> → L2 norm. For a ViT the CLIP projection inside the trunk
/// (<c>trunk.proj</c>) is used instead of a separate layer.
/// </summary>
public sealed class PooledImageEncoder : ImageEncoder
{
#pragma warning disable IDE1006
    private readonly VisionTrunk trunk;
    private readonly Linear? proj;
#pragma warning restore IDE1006

    /// <summary>Creates the encoder; a <see cref="VisionTransformer"/> trunk must have been built with its own projection.</summary>
    public PooledImageEncoder(VisionTrunk trunk, int embedDim) : base(nameof(PooledImageEncoder))
    {
        this.trunk = trunk;
        if (trunk is not IPooledVisionTrunk) proj = nn.Linear(trunk.Width, embedDim, hasBias: false);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int InstructionWidth => 0;

    /// <inheritdoc />
    public override VisionTrunk Trunk => trunk;

    /// <inheritdoc />
    public override Tensor Encode(Tensor pixels, Tensor? instruction)
    {
        using var scope = torch.NewDisposeScope();
        var feature = trunk is IPooledVisionTrunk pooled
            ? pooled.ForwardPooled(pixels)
            : proj!.call(trunk.ForwardTokens(pixels).select(1, 0));
        return nn.functional.normalize(feature, p: 2, dim: -1).MoveToOuterDisposeScope();
    }
}
