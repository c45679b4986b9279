namespace PriorClip.MLNet.Trainers.Augmentation;

/// <summary>The RandAugment operations the PriorCLIP/PIR recipe draws from (docs/method.md §7.1).</summary>
public enum RandAugmentOperation
{
    /// <summary>Leaves the image unchanged.</summary>
    Identity,
    /// <summary>Per-channel contrast stretch.</summary>
    AutoContrast,
    /// <summary>Per-channel histogram equalisation.</summary>
    Equalize,
    /// <summary>Brightness enhancement.</summary>
    Brightness,
    /// <summary>Sharpness enhancement.</summary>
    Sharpness,
    /// <summary>Horizontal shear.</summary>
    ShearX,
    /// <summary>Vertical shear.</summary>
    ShearY,
    /// <summary>Horizontal shift.</summary>
    TranslateX,
    /// <summary>Vertical shift.</summary>
    TranslateY,
    /// <summary>Rotation about the centre.</summary>
    Rotate,
}
