namespace PriorClip.MLNet.Trainers.Data;

/// <summary>One batch prepared on the CPU, ready to become tensors.</summary>
internal sealed class TrainingBatch
{
    public TrainingBatch(int count, int pixelCount, int tokenLength, int instructionWidth)
    {
        Count = count;
        Pixels = new float[count * pixelCount];
        Tokens = new long[count * tokenLength];
        Mask = new float[count * tokenLength];
        ImageIds = new long[count];
        SceneIds = new long[count];
        Instructions = instructionWidth > 0 ? new float[count * instructionWidth] : null;
    }

    /// <summary>Rows in the batch.</summary>
    public int Count { get; }

    /// <summary>[Count, 3, S, S] planar 0–255 (augmented for training).</summary>
    public float[] Pixels { get; }

    /// <summary>[Count, L] token ids (empty length for image-only batches).</summary>
    public long[] Tokens { get; }

    /// <summary>[Count, L] token mask.</summary>
    public float[] Mask { get; }

    /// <summary>Image index of each row: rows with equal values are positives of each other.</summary>
    public long[] ImageIds { get; }

    /// <summary>Scene class index of each row (−1 unknown).</summary>
    public long[] SceneIds { get; }

    /// <summary>[Count, P] external prior, or null.</summary>
    public float[]? Instructions { get; }
}
