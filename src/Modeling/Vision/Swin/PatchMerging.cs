using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.Swin;

/// <summary>Swin patch merging: 2×2 neighbours concatenated (4C) → <c>norm</c> → <c>reduction</c> (4C→2C, no bias).</summary>
public sealed class PatchMerging : nn.Module
{
#pragma warning disable IDE1006
    private readonly LayerNorm norm;
    private readonly Linear reduction;
#pragma warning restore IDE1006
    private readonly int _resolution;

    /// <summary>Creates the layer for a <paramref name="resolution"/>² grid of width <paramref name="dim"/>.</summary>
    public PatchMerging(int resolution, int dim) : base(nameof(PatchMerging))
    {
        _resolution = resolution;
        norm = nn.LayerNorm(4 * dim);
        reduction = nn.Linear(4 * dim, 2 * dim, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Side R of the input grid, for the ONNX exporter.</summary>
    internal int Resolution => _resolution;

    /// <summary>x [B, R², C] → [B, (R/2)², 2C].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[2];
        int r = _resolution;
        var g = x.view(b, r, r, c);
        // Order x0 (even row, even col), x1 (odd, even), x2 (even, odd), x3 (odd, odd), as the original code.
        var x0 = g.slice(1, 0, r, 2).slice(2, 0, r, 2);
        var x1 = g.slice(1, 1, r, 2).slice(2, 0, r, 2);
        var x2 = g.slice(1, 0, r, 2).slice(2, 1, r, 2);
        var x3 = g.slice(1, 1, r, 2).slice(2, 1, r, 2);
        var merged = torch.cat([x0, x1, x2, x3], -1).view(b, (r / 2) * (r / 2), 4 * c);
        return reduction.call(norm.call(merged)).MoveToOuterDisposeScope();
    }
}
