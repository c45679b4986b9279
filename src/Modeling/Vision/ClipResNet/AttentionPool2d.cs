using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.ClipResNet;

/// <summary>
/// CLIP's attention pooling over the last ResNet grid (<c>attnpool</c>): the grid's mean is prepended as a query
/// token, learned positions are added, one multi-head attention from that token over all tokens, then
/// <c>c_proj</c> to the output width. Parameter names are CLIP's (<c>positional_embedding</c>, <c>q_proj</c>,
/// <c>k_proj</c>, <c>v_proj</c>, <c>c_proj</c>).
/// </summary>
public sealed class AttentionPool2d : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Parameter positional_embedding;
    private readonly Linear k_proj;
    private readonly Linear q_proj;
    private readonly Linear v_proj;
    private readonly Linear c_proj;
#pragma warning restore IDE1006
    private readonly int _heads;

    /// <summary>Pooling for a <paramref name="grid"/>² map of <paramref name="width"/> channels.</summary>
    public AttentionPool2d(int grid, int width, int heads, int outputDim) : base(nameof(AttentionPool2d))
    {
        positional_embedding = new Parameter(torch.randn(grid * grid + 1, width).div(Math.Sqrt(width)));
        k_proj = nn.Linear(width, width);
        q_proj = nn.Linear(width, width);
        v_proj = nn.Linear(width, width);
        c_proj = nn.Linear(width, outputDim);
        _heads = heads;
        RegisterComponents();
    }

    /// <summary>Attention heads, for the ONNX exporter.</summary>
    internal int Heads => _heads;

    /// <summary>Output width.</summary>
    public long OutputDim => c_proj.weight!.shape[0];

    /// <summary>Feature map [B,C,h,w] → pooled [B,outputDim].</summary>
    public override Tensor forward(Tensor grid)
    {
        using var scope = torch.NewDisposeScope();
        long b = grid.shape[0], c = grid.shape[1];
        var x = grid.flatten(2).transpose(1, 2);                             // [B,hw,C]
        x = torch.cat([x.mean([1L], keepdim: true), x], 1).add(positional_embedding);
        long n = x.shape[1], d = c / _heads;
        var q = q_proj.call(x.narrow(1, 0, 1)).view(b, 1, _heads, d).transpose(1, 2);   // [B,H,1,d]
        var k = k_proj.call(x).view(b, n, _heads, d).transpose(1, 2);                   // [B,H,n,d]
        var v = v_proj.call(x).view(b, n, _heads, d).transpose(1, 2);
        var attention = torch.matmul(q.mul(1.0 / Math.Sqrt(d)), k.transpose(-2, -1)).softmax(-1);
        var pooled = torch.matmul(attention, v).transpose(1, 2).reshape(b, c);
        return c_proj.call(pooled).MoveToOuterDisposeScope();
    }
}
