using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Layers;

/// <summary>Initialisers missing or unreliable in TorchSharp.</summary>
internal static class Init
{
    /// <summary>
    /// Normal(0, std) clipped to ±2·std, in place — the role of PyTorch's <c>trunc_normal_(std=…)</c>. TorchSharp
    /// 0.107's <c>nn.init.trunc_normal_(t, std: 0.02)</c> returned a constant 0.02 tensor here (std ≈ 1e-9),
    /// so it is not used. Clipping instead of resampling only moves the ~5 % tail onto the bounds.
    /// </summary>
    public static void TruncatedNormal(Tensor tensor, double std)
    {
        using var noGrad = torch.no_grad();
        nn.init.normal_(tensor, 0.0, std);
        tensor.clamp_(-2 * std, 2 * std);
    }
}
