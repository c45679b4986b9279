using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.Swin;

/// <summary>
/// Swin window attention with a learned relative position bias (names as the original Swin code:
/// <c>qkv</c>, <c>proj</c>, <c>relative_position_bias_table</c>, buffer <c>relative_position_index</c>).
/// </summary>
public sealed class WindowAttention : nn.Module
{
#pragma warning disable IDE1006
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly Parameter relative_position_bias_table;
    private readonly Tensor relative_position_index;
#pragma warning restore IDE1006
    private readonly int _heads;
    private readonly int _window;

    /// <summary>Creates the attention for <paramref name="window"/>×<paramref name="window"/> windows.</summary>
    public WindowAttention(int dim, int window, int heads) : base(nameof(WindowAttention))
    {
        if (dim % heads != 0) throw new ArgumentException($"dim {dim} is not divisible by heads {heads}.");
        _heads = heads;
        _window = window;
        qkv = nn.Linear(dim, 3 * dim);
        proj = nn.Linear(dim, dim);
        relative_position_bias_table = new Parameter(torch.zeros((2 * window - 1) * (2 * window - 1), heads));
        Init.TruncatedNormal(relative_position_bias_table, 0.02);
        // index[i,j] = (dy + w - 1)·(2w - 1) + (dx + w - 1) for window positions i, j (row-major).
        int n = window * window;
        var index = new long[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int dy = i / window - j / window + window - 1, dx = i % window - j % window + window - 1;
                index[i * n + j] = dy * (2 * window - 1) + dx;
            }
        relative_position_index = torch.tensor(index, [n, n]);
        RegisterComponents();
    }

    /// <summary>x [B·nW, w², C]; mask [nW, w², w²] (0 / −100, shifted windows) or null → [B·nW, w², C].</summary>
    public Tensor Forward(Tensor x, Tensor? mask)
    {
        using var scope = torch.NewDisposeScope();
        long bw = x.shape[0], n = x.shape[1], c = x.shape[2], hd = c / _heads;
        FlopCounter.Add(2 * bw * n * n * c);
        var parts = qkv.call(x).reshape(bw, n, 3, _heads, hd).permute(2, 0, 3, 1, 4);
        var q = parts[0].mul(1.0 / Math.Sqrt(hd));
        var k = parts[1];
        var v = parts[2];
        var attn = torch.matmul(q, k.transpose(-2, -1));                                  // [B·nW, h, N, N]
        var bias = relative_position_bias_table.index_select(0, relative_position_index.view(-1)).view(n, n, _heads).permute(2, 0, 1);
        attn = attn.add(bias.unsqueeze(0));
        if (mask is not null)
        {
            long nw = mask.shape[0];
            attn = attn.view(bw / nw, nw, _heads, n, n).add(mask.unsqueeze(1).unsqueeze(0)).view(bw, _heads, n, n);
        }
        var y = torch.matmul(attn.softmax(-1), v).transpose(1, 2).reshape(bw, n, c);
        return proj.call(y).MoveToOuterDisposeScope();
    }
}
