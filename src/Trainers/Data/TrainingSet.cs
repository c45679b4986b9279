namespace PriorClip.MLNet.Trainers.Data;

/// <summary>
/// Training or validation data held in memory: each image once (pixels as bytes, 3·S·S planar
/// 0–255, a quarter of the float size) and every caption with its token ids, mask and image.
/// Images are cached because training revisits each one every epoch with a new augmentation.
/// </summary>
internal sealed class TrainingSet
{
    public TrainingSet(int imageSize, int tokenLength, int instructionWidth, IReadOnlyList<string> sceneClasses)
    {
        ImageSize = imageSize;
        TokenLength = tokenLength;
        InstructionWidth = instructionWidth;
        SceneClasses = sceneClasses;
    }

    /// <summary>Side of the square images.</summary>
    public int ImageSize { get; }

    /// <summary>Token ids per caption.</summary>
    public int TokenLength { get; }

    /// <summary>Width of the external prior vector (0: none).</summary>
    public int InstructionWidth { get; }

    /// <summary>Scene class names; <see cref="SceneOfImage"/> indexes into it.</summary>
    public IReadOnlyList<string> SceneClasses { get; }

    public List<string> ImageIds { get; } = new();
    public List<byte[]> Pixels { get; } = new();
    public List<float[]> Instructions { get; } = new();
    /// <summary>Scene class index of each image, −1 when its class is unknown (not seen in training).</summary>
    public List<int> SceneOfImage { get; } = new();
    public List<int> ImageOfCaption { get; } = new();
    public List<int[]> Tokens { get; } = new();
    public List<float[]> Masks { get; } = new();

    public int ImageCount => ImageIds.Count;
    public int CaptionCount => ImageOfCaption.Count;
    public bool HasSceneClasses => SceneClasses.Count > 0;

    /// <summary>Copies image <paramref name="image"/>'s pixels as floats.</summary>
    public void CopyPixels(int image, Span<float> destination)
    {
        var source = Pixels[image];
        for (int i = 0; i < source.Length; i++) destination[i] = source[i];
    }

    /// <summary>Tokens of caption <paramref name="caption"/> up to its last unmasked one (its length without trailing padding).</summary>
    public int TokenCount(int caption)
    {
        var mask = Masks[caption];
        int last = mask.Length - 1;
        while (last >= 0 && mask[last] == 0) last--;
        return last + 1;
    }

    /// <summary>Copies caption <paramref name="caption"/>'s ids and mask.</summary>
    public void CopyTokens(int caption, Span<long> ids, Span<float> mask)
    {
        var source = Tokens[caption];
        for (int i = 0; i < source.Length; i++) ids[i] = source[i];
        Masks[caption].CopyTo(mask);
    }
}
