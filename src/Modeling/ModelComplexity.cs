using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling;

/// <summary>Parameter counts and per-sample compute of a <see cref="PriorClipModel"/>.</summary>
/// <param name="TotalParameters">All parameters (including a frozen prior).</param>
/// <param name="TrainableParameters">Parameters with requires_grad.</param>
/// <param name="VisualParameters">Image encoder (trunk + head).</param>
/// <param name="TextParameters">Text encoder (trunk + head).</param>
/// <param name="PriorParameters">Built-in scene classifier (0 with an external prior).</param>
/// <param name="ImageMacs">Multiply-accumulates to encode one image (prior included when built in).</param>
/// <param name="TextMacs">Multiply-accumulates to encode one caption of full context length.</param>
public sealed record ModelComplexityReport(long TotalParameters, long TrainableParameters, long VisualParameters, long TextParameters,
    long PriorParameters, long ImageMacs, long TextMacs)
{
    /// <summary>FLOPs per image = 2 × MACs.</summary>
    public long ImageFlops => 2 * ImageMacs;

    /// <summary>FLOPs per caption = 2 × MACs.</summary>
    public long TextFlops => 2 * TextMacs;
}

/// <summary>
/// Counts parameters and forward compute. Method: one batch-1 forward in eval mode with forward hooks on every
/// <c>Linear</c> and <c>Conv2d</c> (MACs = output elements × weight fan-in) plus explicit counts inside our
/// attention (input projections, QKᵀ and AV products) and the CLIP projections. Norms, activations, softmax,
/// pooling and additions are not counted (they are a few percent at most), as in fvcore / thop conventions.
/// FLOPs are reported as 2 × MACs.
/// </summary>
public static class ModelComplexity
{
    /// <summary>Number of scalar parameters of a module.</summary>
    public static long CountParameters(nn.Module module, bool trainableOnly = false) =>
        module.parameters().Where(p => !trainableOnly || p.requires_grad).Sum(p => p.numel());

    /// <summary>Measures a model (restores its training mode afterwards).</summary>
    public static ModelComplexityReport Measure(PriorClipModel model)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var cfg = model.Config;
            var device = model.LogitScaleParameter.device;
            var pixels = torch.zeros(1, 3, cfg.Vision.ImageSize, cfg.Vision.ImageSize, device: device);
            var instruction = model.RequiresExternalInstruction ? torch.ones(1, model.InstructionWidth, device: device) : null;
            long imageMacs = CountMacs(model, () => model.EncodeImage(pixels, instruction));
            // A full-length caption: ids 1..L-1 then the largest id as end-of-text (argmax pooling finds it).
            var ids = torch.arange(1, cfg.Text.ContextLength + 1, dtype: ScalarType.Int64, device: device).remainder(cfg.Text.VocabSize).unsqueeze(0);
            var mask = torch.ones_like(ids);
            long textMacs = CountMacs(model, () => model.EncodeText(ids, mask));
            return new ModelComplexityReport(
                CountParameters(model), CountParameters(model, trainableOnly: true),
                CountParameters(model.Visual), CountParameters(model.Text),
                model.SceneClassifier is null ? 0 : CountParameters(model.SceneClassifier),
                imageMacs, textMacs);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>MACs of one call of <paramref name="forward"/>, counted as described on the class.</summary>
    public static long CountMacs(nn.Module model, Func<Tensor> forward)
    {
        using var region = FlopCounter.Begin();
        var removers = new List<Action>();
        foreach (var (_, m) in model.named_modules())
        {
            switch (m)
            {
                case Linear linear:
                    var lh = linear.register_forward_hook((mod, input, output) =>
                    {
                        region.Add(output.numel() * linear.weight!.shape[1]);
                        return output;
                    });
                    removers.Add(lh.remove);
                    break;
                case Conv2d conv:
                    var ch = conv.register_forward_hook((mod, input, output) =>
                    {
                        var w = conv.weight!.shape;
                        region.Add(output.numel() * w[1] * w[2] * w[3]);
                        return output;
                    });
                    removers.Add(ch.remove);
                    break;
            }
        }
        try
        {
            using var result = forward();
            return region.Macs;
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
    }
}
