namespace PriorClip.MLNet.Trainers;

/// <summary>Whether captions of one image may share a training batch.</summary>
public enum CaptionBatching
{
    /// <summary>
    /// Pairs are shuffled freely; captions of one image may meet in a batch. Right for the
    /// multi-positive contrastive loss, which treats them all as positives.
    /// </summary>
    Together,

    /// <summary>
    /// No image appears twice in a batch. Needed by the single-positive (CLIP) loss, for which a
    /// second caption of the same image would be a false negative.
    /// </summary>
    Apart,

    /// <summary>
    /// Image-major: images are shuffled and each brings all of its captions into one batch (a batch holds
    /// about BatchSize / captions-per-image images). Each image is encoded once per batch for all its
    /// captions, and every caption meets the other captions of its image, so the multi-positive loss acts
    /// on every row. An image with more captions than BatchSize makes a batch of its own. Needs the
    /// multi-positive loss.
    /// </summary>
    ByImage,
}
