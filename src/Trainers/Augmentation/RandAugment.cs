namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>
/// RandAugment as the closed-domain reference applies it (the BLIP/X-VLM "RandomAugment" it
/// builds on): <c>N</c> operations drawn uniformly with replacement, each applied with
/// probability 0.5, at a fixed magnitude level out of 10. Magnitudes at level L:
/// shear ±0.3·L/10; translate ±(L/10)·10 px at 224 px, scaled to the image side;
/// rotate ±30°·L/10; brightness and sharpness factor 0.1 + 1.8·L/10 (no sign flip, as in
/// the reference). Signs of the geometric operations are random.
/// </summary>
public sealed class RandAugment
{
    /// <summary>The reference's highest magnitude level.</summary>
    public const int MaxLevel = 10;

    readonly RandAugmentOperation[] _operations;

    /// <summary>Creates the policy.</summary>
    /// <param name="operationCount">Operations drawn per image (the recipe's N = 2).</param>
    /// <param name="level">Magnitude level 0–10 (the recipe's M = 7).</param>
    /// <param name="operations">The pool; defaults to every <see cref="RandAugmentOperation"/>.</param>
    public RandAugment(int operationCount, int level, IReadOnlyList<RandAugmentOperation>? operations = null)
    {
        if (operationCount < 0) throw new ArgumentOutOfRangeException(nameof(operationCount), operationCount, "must be ≥ 0");
        if (level < 0 || level > MaxLevel) throw new ArgumentOutOfRangeException(nameof(level), level, $"must be in 0..{MaxLevel}");
        OperationCount = operationCount;
        Level = level;
        _operations = (operations ?? Enum.GetValues<RandAugmentOperation>()).ToArray();
        if (_operations.Length == 0) throw new ArgumentException("the operation pool is empty", nameof(operations));
    }

    /// <summary>Operations drawn per image.</summary>
    public int OperationCount { get; }

    /// <summary>Magnitude level, 0–10.</summary>
    public int Level { get; }

    /// <summary>Applies the policy to <paramref name="image"/> with randomness from <paramref name="rng"/>.</summary>
    public PlanarImage Apply(PlanarImage image, Random rng)
    {
        for (int i = 0; i < OperationCount; i++)
        {
            var operation = _operations[rng.Next(_operations.Length)];
            if (rng.NextDouble() < 0.5)
                image = Apply(image, operation, rng);
        }
        return image;
    }

    PlanarImage Apply(PlanarImage image, RandAugmentOperation operation, Random rng)
    {
        double fraction = (double)Level / MaxLevel;
        double sign = rng.NextDouble() > 0.5 ? -1 : 1;
        return operation switch
        {
            RandAugmentOperation.Identity => image,
            RandAugmentOperation.AutoContrast => ImageOps.AutoContrast(image),
            RandAugmentOperation.Equalize => ImageOps.Equalize(image),
            RandAugmentOperation.Brightness => ImageOps.Brightness(image, (float)(0.1 + 1.8 * fraction)),
            RandAugmentOperation.Sharpness => ImageOps.Sharpness(image, (float)(0.1 + 1.8 * fraction)),
            RandAugmentOperation.ShearX => ImageOps.ShearX(image, sign * 0.3 * fraction),
            RandAugmentOperation.ShearY => ImageOps.ShearY(image, sign * 0.3 * fraction),
            RandAugmentOperation.TranslateX => ImageOps.TranslateX(image, sign * 10 * fraction * image.Width / 224.0),
            RandAugmentOperation.TranslateY => ImageOps.TranslateY(image, sign * 10 * fraction * image.Height / 224.0),
            RandAugmentOperation.Rotate => ImageOps.Rotate(image, sign * 30 * fraction),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
        };
    }
}
