namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>
/// Class-level ("coarse") captions of the synthetic images: what a web-scale or label-derived caption says
/// about a remote-sensing image — its scene, nothing about counts, colours or sides. They play the part of
/// the coarse image–text pairs the open-domain recipe pre-trains on (stage 1) before fine-tuning on the
/// detailed captions with the vision instruction (stage 2).
/// </summary>
public static class CoarseCaptions
{
    /// <summary>File the generator writes beside <see cref="SyntheticDatasetGenerator.JsonFileName"/>.</summary>
    public const string JsonFileName = "dataset_synthetic_coarse.json";

    static readonly string[] Templates =
    [
        "an aerial image of {}.",
        "a satellite photo of {}.",
        "a remote sensing image showing {}.",
        "{} seen from above.",
        "an overhead view of {}.",
    ];

    static readonly Dictionary<string, string> Phrases = new()
    {
        [SceneClasses.Airport] = "an airport",
        [SceneClasses.Harbor] = "a harbor",
        [SceneClasses.Farmland] = "farmland",
        [SceneClasses.Forest] = "a forest",
        [SceneClasses.Residential] = "a residential area",
        [SceneClasses.River] = "a river",
        [SceneClasses.Beach] = "a beach",
        [SceneClasses.ParkingLot] = "a parking lot",
        [SceneClasses.StorageTanks] = "storage tanks",
        [SceneClasses.Stadium] = "a stadium",
        [SceneClasses.Industrial] = "an industrial area",
        [SceneClasses.Bridge] = "a bridge",
    };

    /// <summary>The five coarse captions of an image of <paramref name="sceneClass"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> For(string sceneClass)
    {
        if (!Phrases.TryGetValue(sceneClass, out var phrase))
            throw new ArgumentOutOfRangeException(nameof(sceneClass), sceneClass, $"not a synthetic scene class ({string.Join(", ", SceneClasses.All)})");
        return Templates.Select(t => t.Replace("{}", phrase, StringComparison.Ordinal)).ToArray();
    }

    /// <summary>The same images with their coarse captions instead of the detailed ones.</summary>
    public static IReadOnlyList<SyntheticImage> Apply(IReadOnlyList<SyntheticImage> images) =>
        images.Select(i => i with { Captions = For(i.Scene.SceneClass) }).ToList();
}
