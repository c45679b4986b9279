using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.Swin;

/// <summary>One Swin stage (the original code's <c>BasicLayer</c>): <c>blocks.{j}</c> alternating plain and shifted windows, then an optional <c>downsample</c>.</summary>
public sealed class SwinStage : nn.Module
{
#pragma warning disable IDE1006
    private readonly ModuleList<SwinBlock> blocks;
    private readonly PatchMerging? downsample;
#pragma warning restore IDE1006

    /// <summary>Creates the stage.</summary>
    public SwinStage(int dim, int resolution, int depth, int heads, int window, double mlpRatio, bool downsampleAtEnd) : base(nameof(SwinStage))
    {
        blocks = nn.ModuleList(Enumerable.Range(0, depth)
            .Select(j => new SwinBlock(dim, resolution, heads, window, j % 2 == 0 ? 0 : window / 2, mlpRatio)).ToArray());
        if (downsampleAtEnd) downsample = new PatchMerging(resolution, dim);
        RegisterComponents();
    }

    /// <summary>x [B, R², C] → [B, R², C], or [B, (R/2)², 2C] with downsampling.</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var block in blocks) x = block.Forward(x);
        if (downsample is not null) x = downsample.Forward(x);
        return x.MoveToOuterDisposeScope();
    }
}
