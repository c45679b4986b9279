using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Losses;

/// <summary>The weighted total loss <c>L = L_c + λ L_a (+ w_t L_triplet)</c> of docs/method.md §5.</summary>
public sealed class PriorClipLoss
{
    private readonly LossConfig _config;

    /// <summary>Creates the loss from its config.</summary>
    public PriorClipLoss(LossConfig config) => _config = config;

    /// <summary>Computes all parts.</summary>
    /// <param name="imageEmbeddings">v [B,D], normalised.</param>
    /// <param name="textEmbeddings">t [B,D], normalised; row i describes image row i.</param>
    /// <param name="imageIds">int64 [B]; used for multi-positive targets when the config says so, and for triplet negatives.</param>
    /// <param name="sceneClassIds">int64 [B] or null (then the attribution part is 0).</param>
    /// <param name="logitScale">exp(logit_scale), clamped.</param>
    /// <param name="attributionLogitScale">exp(attribution_logit_scale), clamped.</param>
    public PriorClipLossParts Compute(Tensor imageEmbeddings, Tensor textEmbeddings, Tensor? imageIds, Tensor? sceneClassIds, Tensor logitScale, Tensor attributionLogitScale)
    {
        using var scope = torch.NewDisposeScope();
        var ids = _config.MultiPositive ? imageIds : null;
        var contrastive = ContrastiveLoss.Compute(imageEmbeddings, textEmbeddings, logitScale, ids);
        var total = contrastive.clone(); // a distinct tensor, so disposing the parts never disposes one tensor twice
        Tensor attribution;
        if (sceneClassIds is not null && _config.AttributionWeight > 0)
        {
            attribution = AttributionLoss.Compute(imageEmbeddings, textEmbeddings, sceneClassIds, attributionLogitScale);
            total = total.add(attribution.mul(_config.AttributionWeight));
        }
        else
        {
            attribution = torch.zeros([], dtype: imageEmbeddings.dtype, device: imageEmbeddings.device);
        }
        Tensor? triplet = null;
        if (_config.TripletWeight > 0)
        {
            triplet = TripletLoss.Compute(imageEmbeddings, textEmbeddings, _config.TripletMargin, imageIds);
            total = total.add(triplet.mul(_config.TripletWeight));
        }
        return new PriorClipLossParts(total.MoveToOuterDisposeScope(), contrastive.MoveToOuterDisposeScope(), attribution.MoveToOuterDisposeScope(), triplet?.MoveToOuterDisposeScope());
    }
}
