using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// A vision backbone that exposes its token grid: <see cref="ForwardTokens"/> returns [B, 1+N, W] with the
/// pooled (or CLS) token first and the N spatial tokens after it, row-major over the grid.
/// </summary>
public abstract class VisionTrunk : nn.Module
{
    /// <summary>Base constructor.</summary>
    protected VisionTrunk(string name) : base(name) { }

    /// <summary>Token width W.</summary>
    public abstract int Width { get; }

    /// <summary>1 + N: pooled token plus grid tokens.</summary>
    public abstract int TokenCount { get; }

    /// <summary>Pixels [B,3,H,W] (CLIP-normalised) → tokens [B, 1+N, W], pooled token first.</summary>
    public abstract Tensor ForwardTokens(Tensor pixels);

    /// <summary>Grid [B,C,h,w] → [B, 1+h·w, C] with the spatial mean prepended.</summary>
    protected static Tensor GridToTokens(Tensor grid)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = grid.flatten(2).transpose(1, 2); // [B, hw, C]
        var pooled = tokens.mean([1L], keepdim: true);
        return torch.cat([pooled, tokens], 1).MoveToOuterDisposeScope();
    }
}
