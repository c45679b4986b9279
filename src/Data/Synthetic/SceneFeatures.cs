namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Context elements present in a scene that captions may mention.</summary>
[Flags]
public enum SceneFeatures
{
    /// <summary>No context element.</summary>
    None = 0,
    /// <summary>A river crosses or borders the scene.</summary>
    River = 1,
    /// <summary>A road crosses the scene.</summary>
    Road = 2,
    /// <summary>An airport runway.</summary>
    Runway = 4,
    /// <summary>Open sea.</summary>
    Sea = 8,
    /// <summary>Trees besides the salient objects.</summary>
    Trees = 16,
    /// <summary>Vegetation or objects are dense.</summary>
    Dense = 32,
    /// <summary>Vegetation or objects are sparse.</summary>
    Sparse = 64,
    /// <summary>The main linear element runs vertically.</summary>
    Vertical = 128,
    /// <summary>The main linear element runs horizontally.</summary>
    Horizontal = 256,
    /// <summary>The main linear element runs diagonally.</summary>
    Diagonal = 512,
    /// <summary>The main linear element is wide (river).</summary>
    Wide = 1024,
    /// <summary>The main linear element is narrow (river).</summary>
    Narrow = 2048,
}
