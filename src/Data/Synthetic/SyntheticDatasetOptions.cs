namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Settings of <see cref="SyntheticDatasetGenerator.Generate"/>.</summary>
/// <remarks>
/// The defaults (3,000 / 450 / 450 images at 64 px, seed 42) mirror the size of RSITMD's
/// Karpathy splits on a side small enough to train on two CPU cores. Setters validate
/// eagerly and throw <see cref="ArgumentOutOfRangeException"/> naming the rejected value.
/// </remarks>
public sealed class SyntheticDatasetOptions
{
    /// <summary>Smallest supported image side, in pixels.</summary>
    public const int MinImageSize = 64;

    /// <summary>Largest supported image side, in pixels.</summary>
    public const int MaxImageSize = 256;

    private int _imageSize = MinImageSize;
    private int _trainImages = 3000, _valImages = 450, _testImages = 450;
    private double _clutterProbability = 0.5, _noiseLevel = 1.0, _genericCaptionFraction = 0.2;
    private SyntheticDifficulty _difficulty = SyntheticDifficulty.Standard;

    /// <summary>Master seed; every image's layout, captions and noise derive from it. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Side of the square images, <see cref="MinImageSize"/>–<see cref="MaxImageSize"/> px. Default 64.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 64–256.</exception>
    public int ImageSize
    {
        get => _imageSize;
        set => _imageSize = value is >= MinImageSize and <= MaxImageSize ? value
            : throw new ArgumentOutOfRangeException(nameof(ImageSize), value,
                $"ImageSize must be between {MinImageSize} and {MaxImageSize} pixels; got {value}.");
    }

    /// <summary>Number of training images (≥ 0). Default 3,000.</summary>
    public int TrainImages { get => _trainImages; set => _trainImages = NonNegative(value, nameof(TrainImages)); }

    /// <summary>Number of validation images (≥ 0). Default 450.</summary>
    public int ValImages { get => _valImages; set => _valImages = NonNegative(value, nameof(ValImages)); }

    /// <summary>Number of test images (≥ 0). Default 450.</summary>
    public int TestImages { get => _testImages; set => _testImages = NonNegative(value, nameof(TestImages)); }

    /// <summary>Probability (0–1) that an image gets one to three distractor objects from other classes. Default 0.5.</summary>
    public double ClutterProbability { get => _clutterProbability; set => _clutterProbability = Fraction(value, nameof(ClutterProbability)); }

    /// <summary>Strength (0–2) of blur, brightness/contrast jitter and pixel noise; 0 renders clean images. Default 1.</summary>
    public double NoiseLevel
    {
        get => _noiseLevel;
        set => _noiseLevel = value is >= 0 and <= 2 ? value
            : throw new ArgumentOutOfRangeException(nameof(NoiseLevel), value, $"NoiseLevel must be between 0 and 2; got {value}.");
    }

    /// <summary>Expected share (0–1) of generic captions such as "this is an airport". Default 0.2.</summary>
    public double GenericCaptionFraction { get => _genericCaptionFraction; set => _genericCaptionFraction = Fraction(value, nameof(GenericCaptionFraction)); }

    /// <summary>
    /// <see cref="SyntheticDifficulty.Standard"/> (default) or <see cref="SyntheticDifficulty.Hard"/>: mixed scenes
    /// and shared caption vocabulary, so that a scene prior has class ambiguity to resolve.
    /// </summary>
    /// <remarks>The standard set does not depend on this option's existence: for a seed it is byte-identical to the set written before the hard variant was added.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="SyntheticDifficulty"/>.</exception>
    public SyntheticDifficulty Difficulty
    {
        get => _difficulty;
        set => _difficulty = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Difficulty), value, $"Difficulty must be Standard or Hard; got {(int)value}.");
    }

    /// <summary>Threads used to render images (values below 1 mean 1); the output does not depend on it. Default: processor count.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Total number of images over all splits.</summary>
    public int TotalImages => TrainImages + ValImages + TestImages;

    private static int NonNegative(int value, string name) => value >= 0 ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative; got {value}.");

    private static double Fraction(double value, string name) => value is >= 0 and <= 1 ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 0 and 1; got {value}.");
}
