using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Pae;

/// <summary>PAE feed-forward: <c>fc1</c>(d→2d) → <c>norm</c> → GELU → Dropout → <c>fc2</c>(2d→d).</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006
    private readonly Linear fc1;
    private readonly LayerNorm norm;
    private readonly Dropout dropout;
    private readonly Linear fc2;
#pragma warning restore IDE1006

    /// <summary>Creates the FFN.</summary>
    public FeedForward(int width, double dropoutRate) : base(nameof(FeedForward))
    {
        fc1 = nn.Linear(width, 2 * width);
        norm = nn.LayerNorm(2 * width);
        dropout = nn.Dropout(dropoutRate);
        fc2 = nn.Linear(2 * width, width);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return fc2.call(dropout.call(nn.functional.gelu(norm.call(fc1.call(x))))).MoveToOuterDisposeScope();
    }
}
