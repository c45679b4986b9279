namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>
/// Training-time augmentation settings. Defaults are the closed-domain recipe of docs/method.md §7.1:
/// random resized crop (scale 0.5–1, bicubic), horizontal flip, RandAugment(2, 7).
/// </summary>
public sealed class TrainingAugmentationOptions
{
    /// <summary>Side of the square output in pixels (the model's input size).</summary>
    public int OutputSize { get; set; } = 224;

    /// <summary>Smallest fraction of the image area a crop covers.</summary>
    public double CropScaleMin { get; set; } = 0.5;

    /// <summary>Largest fraction of the image area a crop covers.</summary>
    public double CropScaleMax { get; set; } = 1.0;

    /// <summary>Smallest crop aspect ratio (width / height).</summary>
    public double CropRatioMin { get; set; } = 3.0 / 4.0;

    /// <summary>Largest crop aspect ratio (width / height).</summary>
    public double CropRatioMax { get; set; } = 4.0 / 3.0;

    /// <summary>Mirror left–right with probability 0.5.</summary>
    public bool HorizontalFlip { get; set; } = true;

    /// <summary>RandAugment operations per image (N); 0 turns RandAugment off.</summary>
    public int RandAugmentOperations { get; set; } = 2;

    /// <summary>RandAugment magnitude level out of 10 (M).</summary>
    public int RandAugmentLevel { get; set; } = 7;

    /// <summary>A copy with <see cref="OutputSize"/> replaced.</summary>
    public TrainingAugmentationOptions WithOutputSize(int outputSize)
    {
        var copy = (TrainingAugmentationOptions)MemberwiseClone();
        copy.OutputSize = outputSize;
        return copy;
    }

    /// <summary>Throws if a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (OutputSize <= 0) throw new ArgumentOutOfRangeException(nameof(OutputSize), OutputSize, "must be positive");
        if (!(CropScaleMin > 0 && CropScaleMin <= CropScaleMax && CropScaleMax <= 1))
            throw new ArgumentOutOfRangeException(nameof(CropScaleMin), $"crop scale range must satisfy 0 < min ≤ max ≤ 1, got {CropScaleMin}–{CropScaleMax}");
        if (!(CropRatioMin > 0 && CropRatioMin <= CropRatioMax))
            throw new ArgumentOutOfRangeException(nameof(CropRatioMin), $"crop ratio range must satisfy 0 < min ≤ max, got {CropRatioMin}–{CropRatioMax}");
        if (RandAugmentOperations < 0) throw new ArgumentOutOfRangeException(nameof(RandAugmentOperations), RandAugmentOperations, "must be ≥ 0");
        if (RandAugmentLevel < 0 || RandAugmentLevel > RandAugment.MaxLevel)
            throw new ArgumentOutOfRangeException(nameof(RandAugmentLevel), RandAugmentLevel, $"must be in 0..{RandAugment.MaxLevel}");
    }
}
