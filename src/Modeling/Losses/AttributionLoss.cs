using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Losses;

/// <summary>
/// Symmetric cluster-based attribution loss (docs/method.md §5.3; the code's "affiliation loss"). Clusters are the
/// scene classes present in the batch; image centres <c>μ^I_c</c> / text centres <c>μ^T_c</c> are the means of
/// the (normalised) embeddings of class c in the batch (not re-normalised). Image side: CE of
/// <c>softmax_k(scale · v_i·μ^T_k)</c> against c_i; text side: CE of <c>softmax_k(scale · t_i·μ^I_k)</c>;
/// <c>L_a = ½ (image + text)</c>. We use this symmetric form; the closed-domain reference applies the
/// text-side softmax to the transposed matrix (docs/method.md §8.1). A single-class batch gives exactly 0.
/// </summary>
public static class AttributionLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="imageEmbeddings">v [B,D].</param>
    /// <param name="textEmbeddings">t [B,D].</param>
    /// <param name="sceneClassIds">int64 [B] scene class of each row (any values; only equality matters).</param>
    /// <param name="logitScale">Scalar 1/τ2 (exponentiated, clamped).</param>
    public static Tensor Compute(Tensor imageEmbeddings, Tensor textEmbeddings, Tensor sceneClassIds, Tensor logitScale)
    {
        using var scope = torch.NewDisposeScope();
        var (onehot, target) = ClassAssignment(sceneClassIds, imageEmbeddings.device, imageEmbeddings.dtype); // [B,K], [B]
        var counts = onehot.sum(0L).unsqueeze(1);                                   // [K,1]
        var imageCentres = torch.matmul(onehot.t(), imageEmbeddings).div(counts);  // [K,D]
        var textCentres = torch.matmul(onehot.t(), textEmbeddings).div(counts);
        var imageSide = nn.functional.cross_entropy(torch.matmul(imageEmbeddings, textCentres.t()).mul(logitScale), target);
        var textSide = nn.functional.cross_entropy(torch.matmul(textEmbeddings, imageCentres.t()).mul(logitScale), target);
        return imageSide.add(textSide).mul(0.5).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Maps class ids to 0..K-1 in order of first appearance: one-hot [B,K] and targets [B].
    /// Done on the host: the batch is small and this avoids depending on unique()'s return layout.
    /// </summary>
    internal static (Tensor OneHot, Tensor Target) ClassAssignment(Tensor sceneClassIds, Device device, ScalarType dtype)
    {
        var ids = sceneClassIds.to(CPU).to_type(ScalarType.Int64).data<long>().ToArray();
        var index = new Dictionary<long, long>();
        var target = new long[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!index.TryGetValue(ids[i], out long k)) index[ids[i]] = k = index.Count;
            target[i] = k;
        }
        using var targetTensor = torch.tensor(target, dtype: ScalarType.Int64);
        var targetOnDevice = targetTensor.to(device);
        var onehot = nn.functional.one_hot(targetOnDevice, index.Count).to_type(dtype);
        return (onehot, targetOnDevice);
    }
}
