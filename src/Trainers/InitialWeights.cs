using PriorClip.MLNet.Modeling;
using TorchSharp;

namespace PriorClip.MLNet.Trainers;

/// <summary>Copies the tensors two models share (same name, same shape) from one into the other.</summary>
internal static class InitialWeights
{
    /// <summary>Copies into <paramref name="target"/>; returns how many were copied and the names left as initialised.</summary>
    public static (int Copied, IReadOnlyList<string> Kept) Copy(PriorClipModel source, PriorClipModel target)
    {
        var from = source.state_dict();
        var kept = new List<string>();
        int copied = 0;
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in target.state_dict())
        {
            if (from.TryGetValue(name, out var value) && value.shape.SequenceEqual(tensor.shape))
            {
                tensor.copy_(value.to(tensor.dtype).to(tensor.device));
                copied++;
            }
            else kept.Add(name);
        }
        if (copied == 0)
            throw new ArgumentException($"InitialModel: model '{source.Config.Name}' shares no tensor (name and shape) with config '{target.Config.Name}'; it cannot initialise it");
        return (copied, kept);
    }
}
