using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Transformer = PriorClip.MLNet.Modeling.Layers.Transformer;

namespace PriorClip.MLNet.Modeling.Layers;

/// <summary>A stack of <see cref="ResidualAttentionBlock"/>s named <c>resblocks.{i}</c> (open_clip layout).</summary>
public sealed class Transformer : nn.Module
{
#pragma warning disable IDE1006
    private readonly ModuleList<ResidualAttentionBlock> resblocks;
#pragma warning restore IDE1006

    /// <summary>Creates <paramref name="layers"/> blocks of width <paramref name="width"/>.</summary>
    public Transformer(int width, int layers, int heads, double mlpRatio, ActivationKind act) : base(nameof(Transformer))
    {
        resblocks = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new ResidualAttentionBlock(width, heads, mlpRatio, act)).ToArray());
        RegisterComponents();
    }

    /// <summary>Runs all blocks on [B,L,W].</summary>
    public Tensor Forward(Tensor x, Tensor? keyPaddingMask = null, Tensor? attnMask = null)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var block in resblocks) x = block.Forward(x, keyPaddingMask, attnMask);
        return x.MoveToOuterDisposeScope();
    }
}
