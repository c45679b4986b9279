using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Losses;

/// <summary>
/// Symmetric InfoNCE (docs/method.md §5.2): logits <c>s_ij = scale · v_i·t_j</c>,
/// <c>L_c = ½ (CE_image→text + CE_text→image)</c>. With image ids, every caption of the same image is a
/// positive and each row's targets are normalised to sum to 1 (closed-domain multi-positive); without, the
/// diagonal is the only positive (CLIP).
/// </summary>
public static class ContrastiveLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="imageEmbeddings">v [B,D] (L2-normalised).</param>
    /// <param name="textEmbeddings">t [B,D] (L2-normalised); row i is a caption of image row i.</param>
    /// <param name="logitScale">Scalar multiplier 1/τ (already exponentiated and clamped).</param>
    /// <param name="imageIds">Optional int64 [B] image ids for multi-positive targets.</param>
    public static Tensor Compute(Tensor imageEmbeddings, Tensor textEmbeddings, Tensor logitScale, Tensor? imageIds = null)
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.matmul(imageEmbeddings, textEmbeddings.t()).mul(logitScale); // [B,B] image→text
        var targets = Targets(logits.shape[0], imageIds, logits.device, logits.dtype);
        // Positives are symmetric (same image id both ways), so the text→image targets are the same matrix.
        var i2t = SoftCrossEntropy(logits, targets);
        var t2i = SoftCrossEntropy(logits.t(), targets);
        return i2t.add(t2i).mul(0.5).MoveToOuterDisposeScope();
    }

    /// <summary>Row-normalised positive matrix [B,B]: identity, or same-image-id pairs.</summary>
    public static Tensor Targets(long batch, Tensor? imageIds, Device device, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var positives = imageIds is null
            ? torch.eye(batch, dtype: dtype, device: device)
            : imageIds.view(-1, 1).eq(imageIds.view(1, -1)).to_type(dtype);
        return positives.div(positives.sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>Mean over rows of <c>-Σ_j target_ij · log softmax_j(logits_i)</c>.</summary>
    internal static Tensor SoftCrossEntropy(Tensor logits, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        return targets.mul(logits.log_softmax(1)).sum(1).mean().neg().MoveToOuterDisposeScope();
    }
}
