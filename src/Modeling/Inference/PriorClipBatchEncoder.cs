using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Inference;

/// <summary>
/// Encodes many images or captions in fixed-size batches with gradients off and the model in
/// evaluation mode, returning plain row-major arrays of L2-normalised embeddings. Used for
/// validation during training and by the ML.NET encode transformer.
/// </summary>
public sealed class PriorClipBatchEncoder
{
    readonly PriorClipModel _model;
    readonly PixelNormalization _normalization;
    readonly Device _device;
    readonly int _batchSize;

    /// <summary>Creates an encoder over <paramref name="model"/> (already on <paramref name="device"/>).</summary>
    public PriorClipBatchEncoder(PriorClipModel model, PixelNormalization normalization, Device device, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(normalization);
        normalization.Validate();
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be positive");
        _model = model;
        _normalization = normalization;
        _device = device;
        _batchSize = batchSize;
    }

    /// <summary>Embedding width D.</summary>
    public int Dimension => _model.EmbedDim;

    /// <summary>
    /// Images → [count × D] embeddings. <paramref name="pixels"/>(i, destination) writes image
    /// i's 3·S·S planar 0–255 values; <paramref name="instruction"/>(i, destination) writes its
    /// prior vector when the model needs an external one.
    /// </summary>
    public float[] EncodeImages(int count, Action<int, Span<float>> pixels, Action<int, Span<float>>? instruction = null)
    {
        int size = _model.ImageSize;
        int pixelCount = 3 * size * size;
        int width = _model.InstructionWidth;
        if (width > 0 && instruction is null)
            throw new ArgumentException($"model config '{_model.Config.Name}' needs an instruction vector of width {width} per image", nameof(instruction));
        return Encode(count, (start, n) =>
        {
            var buffer = new float[n * pixelCount];
            for (int i = 0; i < n; i++) pixels(start + i, buffer.AsSpan(i * pixelCount, pixelCount));
            using var raw = torch.tensor(buffer, [n, 3, size, size], device: _device);
            using var normalized = _normalization.Apply(raw);
            if (width == 0) return _model.EncodeImage(normalized);
            var prior = new float[n * width];
            for (int i = 0; i < n; i++) instruction!(start + i, prior.AsSpan(i * width, width));
            using var priorTensor = torch.tensor(prior, [n, width], device: _device);
            return _model.EncodeImage(normalized, priorTensor);
        });
    }

    /// <summary>
    /// Captions → [count × D] embeddings. <paramref name="tokens"/>(i, ids, mask) writes caption
    /// i's <paramref name="tokenLength"/> token ids and mask values (1 token, 0 padding).
    /// </summary>
    public float[] EncodeTexts(int count, int tokenLength, Action<int, Span<long>, Span<float>> tokens)
    {
        return Encode(count, (start, n) =>
        {
            var ids = new long[n * tokenLength];
            var mask = new float[n * tokenLength];
            for (int i = 0; i < n; i++)
                tokens(start + i, ids.AsSpan(i * tokenLength, tokenLength), mask.AsSpan(i * tokenLength, tokenLength));
            using var idTensor = torch.tensor(ids, [n, tokenLength], device: _device);
            using var maskTensor = torch.tensor(mask, [n, tokenLength], device: _device);
            return _model.EncodeText(idTensor, maskTensor);
        });
    }

    float[] Encode(int count, Func<int, int, Tensor> encodeBatch)
    {
        var result = new float[(long)count * Dimension];
        bool wasTraining = _model.training;
        _model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var noRace = Interop.NoFinalizerRace.Enter();
            for (int start = 0; start < count; start += _batchSize)
            {
                int n = Math.Min(_batchSize, count - start);
                noRace.Renew();
                using var scope = torch.NewDisposeScope();
                var embeddings = encodeBatch(start, n).to(torch.CPU).contiguous();
                embeddings.data<float>().CopyTo(result.AsSpan(start * Dimension, n * Dimension));
            }
        }
        finally
        {
            _model.train(wasTraining);
        }
        return result;
    }
}
