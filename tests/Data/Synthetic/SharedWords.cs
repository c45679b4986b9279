using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>
/// An independent reading of which things a caption names: English nouns mapped to the object kinds that
/// would make them true. It does not use the generator's vocabulary tables, so a sentence naming
/// something that is not drawn is caught here.
/// </summary>
internal static class SharedWords
{
    private static readonly ObjectKind[] WaterKinds = [ObjectKind.River, ObjectKind.Sea, ObjectKind.ShallowWater];

    private static readonly Dictionary<string, ObjectKind[]> Things = new()
    {
        ["building"] = [ObjectKind.House, ObjectKind.Building], ["buildings"] = [ObjectKind.House, ObjectKind.Building],
        ["warehouses"] = [ObjectKind.Building], ["house"] = [ObjectKind.House], ["houses"] = [ObjectKind.House],
        ["homes"] = [ObjectKind.House], ["car"] = [ObjectKind.Car], ["cars"] = [ObjectKind.Car], ["vehicles"] = [ObjectKind.Car],
        ["plane"] = [ObjectKind.Plane], ["planes"] = [ObjectKind.Plane], ["airplanes"] = [ObjectKind.Plane],
        ["boat"] = [ObjectKind.Boat], ["boats"] = [ObjectKind.Boat], ["ships"] = [ObjectKind.Boat], ["vessels"] = [ObjectKind.Boat],
        ["tank"] = [ObjectKind.StorageTank], ["tanks"] = [ObjectKind.StorageTank],
        ["umbrella"] = [ObjectKind.Umbrella], ["umbrellas"] = [ObjectKind.Umbrella], ["parasols"] = [ObjectKind.Umbrella], ["sunshades"] = [ObjectKind.Umbrella],
        ["stadium"] = [ObjectKind.Stadium], ["stadiums"] = [ObjectKind.Stadium], ["bridge"] = [ObjectKind.Bridge], ["bridges"] = [ObjectKind.Bridge],
        ["trees"] = [ObjectKind.Tree], ["forest"] = [ObjectKind.Tree], ["wooded"] = [ObjectKind.Tree], ["woodland"] = [ObjectKind.Tree],
        ["farmland"] = [ObjectKind.Field], ["farm"] = [ObjectKind.Field],
        ["water"] = WaterKinds, ["river"] = [ObjectKind.River], ["road"] = [ObjectKind.Road], ["roads"] = [ObjectKind.Road],
        ["runway"] = [ObjectKind.Runway],
    };

    /// <summary>Plural nouns of discrete things: naming them needs at least two objects.</summary>
    public static readonly HashSet<string> DiscretePlurals =
    [
        "buildings", "warehouses", "houses", "homes", "cars", "vehicles", "planes", "airplanes", "boats", "ships", "vessels",
        "tanks", "umbrellas", "parasols", "sunshades", "stadiums", "bridges",
    ];

    /// <summary>The thing words of a caption with the kinds each stands for.</summary>
    public static IEnumerable<(string Word, ObjectKind[] Kinds)> In(string caption) =>
        CaptionClaims.Words(caption).Distinct().Where(Things.ContainsKey).Select(w => (w, Things[w]));

    /// <summary>Whether some object of the kinds is in the layer, or (for water) its ground is water.</summary>
    public static bool Shows(IEnumerable<SceneObject> layer, SceneColor ground, ObjectKind[] kinds) =>
        layer.Any(o => kinds.Contains(o.Kind)) || ReferenceEquals(kinds, WaterKinds) && ground == ScenePalette.Water;

    /// <summary>Whether anything drawn in the image, clutter and secondary region included, is of the kinds.</summary>
    public static bool Drawn(SceneSpec spec, ObjectKind[] kinds) =>
        Shows(spec.Objects, spec.Background, kinds)
        || spec.Secondary is { } secondary && Shows(secondary.Objects, secondary.Background, kinds);
}
