namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Ways to say which image each caption row describes.</summary>
public static class CaptionImageMapping
{
    /// <summary>
    /// Caption row <c>j</c> describes image <c>⌊j / captionsPerImage⌋</c> (the RSICD/RSITMD layout:
    /// five consecutive captions per image).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="captionCount"/> is not a multiple of <paramref name="captionsPerImage"/>.</exception>
    public static int[] CaptionsPerImage(int captionCount, int captionsPerImage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(captionCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(captionsPerImage, 1);
        if (captionCount % captionsPerImage != 0)
            throw new ArgumentException(
                $"{captionCount} captions cannot be {captionsPerImage} per image: {captionCount} is not a multiple of {captionsPerImage}.",
                nameof(captionCount));
        var mapping = new int[captionCount];
        for (int j = 0; j < captionCount; j++)
            mapping[j] = j / captionsPerImage;
        return mapping;
    }

    /// <summary>Reads the image index of each caption from a 1-D <c>.npy</c> array (<c>&lt;i8</c> or <c>&lt;i4</c>).</summary>
    public static int[] FromNpy(string path) => NpyFile.ReadInt32Vector(path);
}
