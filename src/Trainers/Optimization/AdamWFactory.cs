using PriorClip.MLNet.Modeling;
using TorchSharp;
using TorchSharp.Modules;

namespace PriorClip.MLNet.Trainers.Optimization;

/// <summary>Builds AdamW with two parameter groups: decayed weights, and the exempt rest (<see cref="WeightDecayGroups"/>).</summary>
public static class AdamWFactory
{
    /// <summary>
    /// Creates the optimiser over the trainable (requires_grad) parameters of <paramref name="model"/>;
    /// frozen parameters (e.g. a frozen visual prior) are left out entirely.
    /// </summary>
    public static AdamW Create(torch.nn.Module model, double learningRate, double weightDecay,
                               double beta1, double beta2, double epsilon = 1e-8)
    {
        var (decayed, exempt) = WeightDecayGroups.Split(model.parameters());
        if (decayed.Count + exempt.Count == 0)
            throw new InvalidOperationException("the model has no trainable parameters");
        var groups = new List<AdamW.ParamGroup>
        {
            new(decayed, learningRate, beta1, beta2, epsilon, weightDecay, false, false),
            new(exempt, learningRate, beta1, beta2, epsilon, 0.0, false, false),
        };
        return torch.optim.AdamW(groups.Where(g => g.Parameters.Any()), learningRate, beta1, beta2, epsilon, weightDecay, false, false);
    }

    /// <summary>Sets the learning rate of every parameter group.</summary>
    public static void SetLearningRate(torch.optim.Optimizer optimizer, double learningRate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
    }
}
