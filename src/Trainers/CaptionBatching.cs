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
}
