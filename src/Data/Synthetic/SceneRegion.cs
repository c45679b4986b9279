namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Where in the image something lies, as captions state it.</summary>
public enum SceneRegion
{
    /// <summary>No particular side: spread over the image or centred.</summary>
    Anywhere,
    /// <summary>Entirely in the left half.</summary>
    Left,
    /// <summary>Entirely in the right half.</summary>
    Right,
    /// <summary>Entirely in the top half.</summary>
    Top,
    /// <summary>Entirely in the bottom half.</summary>
    Bottom,
}
