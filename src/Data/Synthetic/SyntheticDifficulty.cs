namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>How hard the synthetic set is to tell apart at the level of scene classes.</summary>
public enum SyntheticDifficulty
{
    /// <summary>One class per image, class-specific captions, 1–3 small clutter objects: the set the demo's figures were measured on.</summary>
    Standard,

    /// <summary>
    /// Classes overlap: close to half of the images show a second class's layout over a side band of 31–41 %
    /// of the image (often forest, farmland or water), and up to two captions per image share object words
    /// and phrasings across classes ("buildings", "a road", "some cars", "green trees"). Captions still only
    /// state what is drawn. See src/Data/Synthetic/README.md.
    /// </summary>
    Hard,
}
