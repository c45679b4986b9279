namespace PriorClip.MLNet.Trainers.Data;

/// <summary>
/// One batch prepared on the CPU, ready to become tensors. The arrays are sized for the largest batch
/// the buffer has held and reused through <see cref="TrainingBatchBuilder.Return"/>, so a training run
/// allocates its batch memory a few times instead of once per step; only the leading
/// <see cref="ImageCount"/> images and <see cref="Count"/> × <see cref="TokenLength"/> tokens are valid.
/// </summary>
internal sealed class TrainingBatch
{
    public TrainingBatch(int rowCapacity, int imageCapacity, int pixelCount, int tokenCapacity, int instructionWidth)
    {
        RowCapacity = rowCapacity;
        ImageCapacity = imageCapacity;
        TokenCapacity = tokenCapacity;
        Pixels = new float[imageCapacity * pixelCount];
        Tokens = new long[rowCapacity * tokenCapacity];
        Mask = new float[rowCapacity * tokenCapacity];
        ImageIds = new long[rowCapacity];
        SceneIds = new long[rowCapacity];
        RowImage = new long[rowCapacity];
        Instructions = instructionWidth > 0 ? new float[imageCapacity * instructionWidth] : null;
    }

    public int RowCapacity { get; }
    public int ImageCapacity { get; }
    public int TokenCapacity { get; }

    /// <summary>Rows (pairs, or images for the prior's batches) in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Images whose pixels the batch holds: fewer than <see cref="Count"/> when rows share images.</summary>
    public int ImageCount { get; private set; }

    /// <summary>Token ids per row: the batch's longest caption (padding past it is dropped; it is masked anyway).</summary>
    public int TokenLength { get; private set; }

    /// <summary>Whether rows share images: then <see cref="RowImage"/> maps rows to images; otherwise row i is image i.</summary>
    public bool SharesImages { get; private set; }

    /// <summary>[ImageCount, 3, S, S] planar 0–255 (augmented for training).</summary>
    public float[] Pixels { get; }

    /// <summary>[Count, TokenLength] token ids.</summary>
    public long[] Tokens { get; }

    /// <summary>[Count, TokenLength] token mask.</summary>
    public float[] Mask { get; }

    /// <summary>Dataset image index of each row: rows with equal values are positives of each other.</summary>
    public long[] ImageIds { get; }

    /// <summary>Scene class index of each row (−1 unknown).</summary>
    public long[] SceneIds { get; }

    /// <summary>Index into the batch's images of each row (with <see cref="SharesImages"/>).</summary>
    public long[] RowImage { get; }

    /// <summary>[ImageCount, P] external prior, or null.</summary>
    public float[]? Instructions { get; }

    /// <summary>Whether this buffer can hold a batch of the given size.</summary>
    public bool Fits(int rows, int images, int tokenLength) => rows <= RowCapacity && images <= ImageCapacity && tokenLength <= TokenCapacity;

    /// <summary>Sets the batch's size before it is filled.</summary>
    public void Reset(int rows, int images, int tokenLength, bool sharesImages)
    {
        if (!Fits(rows, images, tokenLength)) throw new ArgumentOutOfRangeException(nameof(rows), $"batch of {rows} rows, {images} images, {tokenLength} tokens does not fit");
        Count = rows;
        ImageCount = images;
        TokenLength = tokenLength;
        SharesImages = sharesImages;
    }
}
