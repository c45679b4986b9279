using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Losses;

/// <summary>
/// The parts of the training loss: <c>Total = Contrastive + λ·Attribution + w_t·Triplet</c>. Scalars; the
/// caller owns (disposes) them. <see cref="Attribution"/> is 0 when no scene classes were given or λ = 0;
/// <see cref="Triplet"/> is null when its weight is 0.
/// </summary>
public sealed record PriorClipLossParts(Tensor Total, Tensor Contrastive, Tensor Attribution, Tensor? Triplet) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Total.Dispose();
        Contrastive.Dispose();
        Attribution.Dispose();
        Triplet?.Dispose();
    }
}
