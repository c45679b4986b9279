using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Trainers.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// The trainer's step with nothing around it: the same model calls the ML.NET trainer makes (loss with shared images,
/// loss read back, backward, gradient norm, AdamW with the trainer's groups and betas, logit-scale clamp) on tensors made
/// once, with no data loading, no ML.NET and no progress reporting. The reference for the trainer's overhead.
/// </summary>
internal sealed class RawTrainingStep : IDisposable
{
    readonly PriorClipModel _model;
    readonly AdamW _optimizer;
    readonly IReadOnlyList<Parameter> _trainable;
    readonly Tensor _pixels, _ids, _mask, _imageIds;
    readonly Tensor? _instruction, _classes, _rowImages;

    /// <param name="model">The model (trained in place).</param>
    /// <param name="rows">Captions per batch.</param>
    /// <param name="images">Distinct images per batch (≤ rows; rows share images round-robin when fewer).</param>
    /// <param name="tokenLength">Tokens per caption.</param>
    /// <param name="sceneClasses">Scene classes drawn for the attribution loss; 0 for none.</param>
    public RawTrainingStep(PriorClipModel model, int rows, int images, int tokenLength, int sceneClasses)
    {
        _model = model;
        var g = new Generator(1);
        int size = model.ImageSize;
        _pixels = randn([images, 3, size, size], generator: g);
        _instruction = model.RequiresExternalInstruction ? randn([images, model.InstructionWidth], generator: g) : null;
        _ids = randint(2, model.VocabSize - 1, [rows, tokenLength], generator: g);
        _ids[.., ^1] = tensor((long)model.VocabSize - 1); // an end token last, where EOT pooling looks for the largest id
        _mask = ones_like(_ids);
        using var rowImage = arange(rows, dtype: ScalarType.Int64).remainder(images);
        _imageIds = rowImage.clone();
        _rowImages = images < rows ? rowImage.clone() : null;
        _classes = sceneClasses > 0 ? rowImage.remainder(sceneClasses) : null;
        _optimizer = AdamWFactory.Create(model, 1e-4, 0.01, 0.9, 0.98);
        _trainable = model.TrainableParameters();
        model.train();
    }

    /// <summary>One training step.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        using var parts = _model.ComputeLoss(_pixels, _instruction, _ids, _mask, _imageIds, _classes, _rowImages);
        float loss = parts.Total.item<float>();
        if (!float.IsFinite(loss)) throw new InvalidOperationException($"the benchmark's loss is {loss}");
        parts.Total.backward();
        nn.utils.clip_grad_norm_(_trainable, double.PositiveInfinity);
        _optimizer.step();
        _model.ClampLogitScales();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        foreach (var t in new[] { _pixels, _ids, _mask, _imageIds, _instruction, _classes, _rowImages }) t?.Dispose();
    }
}
