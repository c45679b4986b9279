using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// A vision trunk that ends in its own pooling and projection to the joint space, as CLIP's do (the ViT's
/// <c>ln_post</c> + <c>proj</c>, the modified ResNet's <c>attnpool</c>), so the pooled image encoder adds none.
/// </summary>
public interface IPooledVisionTrunk
{
    /// <summary>Pixels [B,3,S,S] → the pooled, projected feature [B,D] (not normalised).</summary>
    Tensor ForwardPooled(Tensor pixels);
}
