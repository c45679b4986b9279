using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Losses;

/// <summary>
/// VSE++ hinge loss with the hardest in-batch negative (the reference's optional triplet loss, off by default):
/// for each pair i, <c>max_j [m + s(v_i,t_j) − s(v_i,t_i)]_+ + max_j [m + s(v_j,t_i) − s(v_i,t_i)]_+</c>, where
/// negatives exclude every caption/image sharing the image id. Averaged over the batch (VSE++ sums; the mean
/// keeps the weight independent of the batch size).
/// </summary>
public static class TripletLoss
{
    /// <summary>Computes the loss on cosine similarities of normalised embeddings.</summary>
    public static Tensor Compute(Tensor imageEmbeddings, Tensor textEmbeddings, double margin, Tensor? imageIds = null)
    {
        using var scope = torch.NewDisposeScope();
        var s = torch.matmul(imageEmbeddings, textEmbeddings.t());                  // [B,B]
        long b = s.shape[0];
        var positives = imageIds is null
            ? torch.eye(b, dtype: ScalarType.Bool, device: s.device)
            : imageIds.view(-1, 1).eq(imageIds.view(1, -1));
        var diagonal = s.diagonal();
        var costCaption = s.sub(diagonal.view(-1, 1)).add(margin).clamp_min(0).masked_fill(positives, 0); // row i: v_i vs t_j
        var costImage = s.sub(diagonal.view(1, -1)).add(margin).clamp_min(0).masked_fill(positives, 0);   // column i: v_j vs t_i
        var loss = costCaption.max(1).values.add(costImage.max(0L).values).mean();
        return loss.MoveToOuterDisposeScope();
    }
}
