namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>
/// The training-only image augmentation: random resized crop → horizontal flip → RandAugment.
/// Randomness comes from a per-sample generator (<see cref="SampleRandom"/>) so the result is
/// the same whichever background thread augments a sample, and evaluation never sees it.
/// </summary>
public sealed class TrainingAugmentation
{
    readonly TrainingAugmentationOptions _options;
    readonly RandAugment _randAugment;

    /// <summary>Creates the augmentation from validated options.</summary>
    public TrainingAugmentation(TrainingAugmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _randAugment = new RandAugment(options.RandAugmentOperations, options.RandAugmentLevel);
    }

    /// <summary>Augments one image; the input is not modified.</summary>
    public PlanarImage Apply(PlanarImage image, Random rng)
    {
        var result = RandomResizedCrop.Apply(image, _options.OutputSize, _options.CropScaleMin, _options.CropScaleMax,
                                             _options.CropRatioMin, _options.CropRatioMax, rng);
        if (_options.HorizontalFlip && rng.NextDouble() < 0.5)
            result = ImageOps.FlipHorizontal(result);
        return _randAugment.Apply(result, rng);
    }

    /// <summary>
    /// A generator determined by (seed, epoch, sample) alone, mixed with SplitMix64 so that
    /// neighbouring samples get unrelated streams (HashCode is randomised per process, so it
    /// is not used).
    /// </summary>
    public static Random SampleRandom(int seed, int epoch, long sample)
    {
        ulong z = Mix((ulong)(uint)seed) ^ Mix(((ulong)(uint)epoch << 32) + 0x632BE59BD9B4E019UL) ^ Mix((ulong)sample + 0x9E3779B97F4A7C15UL);
        return new Random((int)(Mix(z) & 0x7FFFFFFF));
    }

    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
