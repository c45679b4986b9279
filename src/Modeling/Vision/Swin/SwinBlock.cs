using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.Swin;

/// <summary>
/// Swin transformer block (pre-LN): (shifted) window attention then MLP, names <c>norm1, attn, norm2, mlp.fc1,
/// mlp.fc2</c>. Stochastic depth is omitted (identity at inference; a training regulariser only).
/// </summary>
public sealed class SwinBlock : nn.Module
{
#pragma warning disable IDE1006
    private readonly LayerNorm norm1;
    private readonly WindowAttention attn;
    private readonly LayerNorm norm2;
    private readonly Sequential mlp;
    private readonly Tensor? attn_mask;
#pragma warning restore IDE1006
    private readonly int _resolution;
    private readonly int _window;
    private readonly int _shift;

    /// <summary>Creates a block on a <paramref name="resolution"/>² token grid; odd blocks use <paramref name="shift"/> = window/2.</summary>
    public SwinBlock(int dim, int resolution, int heads, int window, int shift, double mlpRatio) : base(nameof(SwinBlock))
    {
        if (resolution <= window) { window = resolution; shift = 0; } // a window covering the grid needs no shift
        _resolution = resolution;
        _window = window;
        _shift = shift;
        norm1 = nn.LayerNorm(dim);
        attn = new WindowAttention(dim, window, heads);
        norm2 = nn.LayerNorm(dim);
        int hidden = (int)Math.Round(dim * mlpRatio);
        mlp = nn.Sequential(("fc1", nn.Linear(dim, hidden)), ("act", nn.GELU()), ("fc2", nn.Linear(hidden, dim)));
        if (shift > 0) attn_mask = ShiftMask(resolution, window, shift);
        RegisterComponents();
    }

    /// <summary>
    /// Mask [nW, w², w²]: −100 between tokens that came from different regions before the cyclic shift, else 0.
    /// </summary>
    internal static Tensor ShiftMask(int resolution, int window, int shift)
    {
        var region = new long[resolution, resolution];
        int[] bounds = [0, resolution - window, resolution - shift, resolution];
        int id = 0;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++, id++)
                for (int y = bounds[a]; y < bounds[a + 1]; y++)
                    for (int x = bounds[b]; x < bounds[b + 1]; x++)
                        region[y, x] = id;
        int perSide = resolution / window, n = window * window;
        var mask = new float[perSide * perSide * n * n];
        for (int wy = 0; wy < perSide; wy++)
            for (int wx = 0; wx < perSide; wx++)
            {
                int w = wy * perSide + wx;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        long ri = region[wy * window + i / window, wx * window + i % window];
                        long rj = region[wy * window + j / window, wx * window + j % window];
                        mask[(w * n + i) * n + j] = ri == rj ? 0f : -100f;
                    }
            }
        return torch.tensor(mask, [perSide * perSide, n, n]);
    }

    /// <summary>Side R of the token grid, window side and cyclic shift (0: plain windows), for the ONNX exporter.</summary>
    internal (int Resolution, int Window, int Shift) Geometry => (_resolution, _window, _shift);

    /// <summary>x [B, R², C] → [B, R², C].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[2];
        int r = _resolution, w = _window, s = r / w;
        var y = norm1.call(x).view(b, r, r, c);
        if (_shift > 0) y = y.roll([-_shift, -_shift], [1, 2]);
        var windows = y.view(b, s, w, s, w, c).permute(0, 1, 3, 2, 4, 5).reshape(b * s * s, w * w, c);
        windows = attn.Forward(windows, attn_mask);
        y = windows.view(b, s, s, w, w, c).permute(0, 1, 3, 2, 4, 5).reshape(b, r, r, c);
        if (_shift > 0) y = y.roll([_shift, _shift], [1, 2]);
        x = x.add(y.view(b, r * r, c));
        x = x.add(mlp.call(norm2.call(x)));
        return x.MoveToOuterDisposeScope();
    }
}
