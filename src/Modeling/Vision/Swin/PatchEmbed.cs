using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.Swin;

/// <summary>Swin patch embedding: <c>proj</c> (conv, kernel = stride = patch) → flatten → <c>norm</c>.</summary>
public sealed class PatchEmbed : nn.Module
{
#pragma warning disable IDE1006
    private readonly Conv2d proj;
    private readonly LayerNorm norm;
#pragma warning restore IDE1006

    /// <summary>Creates the embedding.</summary>
    public PatchEmbed(int patch, int dim) : base(nameof(PatchEmbed))
    {
        proj = nn.Conv2d(3, dim, patch, stride: patch);
        norm = nn.LayerNorm(dim);
        RegisterComponents();
    }

    /// <summary>Pixels [B,3,H,W] → [B, (H/p)·(W/p), C].</summary>
    public Tensor Forward(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        return norm.call(proj.call(pixels).flatten(2).transpose(1, 2)).MoveToOuterDisposeScope();
    }
}
