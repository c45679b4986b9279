using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Layers;

/// <summary>Builds the activation a config names.</summary>
internal static class Activations
{
    /// <summary>GELU or QuickGELU.</summary>
    public static nn.Module<Tensor, Tensor> Create(ActivationKind kind) => kind switch
    {
        ActivationKind.QuickGelu => new QuickGelu(),
        _ => nn.GELU(),
    };
}
