using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Layers;

/// <summary>OpenAI CLIP's activation <c>x·sigmoid(1.702·x)</c> (the original CLIP weights were trained with it).</summary>
public sealed class QuickGelu : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public QuickGelu() : base(nameof(QuickGelu)) { }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return x.mul(torch.sigmoid(x.mul(1.702))).MoveToOuterDisposeScope();
    }
}
