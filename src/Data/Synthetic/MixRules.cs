namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Which classes may share an image, and what a secondary class must leave out so the primary captions stay true.</summary>
/// <remarks>
/// The primary captions state counts and definite facts about some kinds ("three planes", "two piers",
/// "the river is wide", "the sea is on the left"): a second copy of such a kind elsewhere in the image
/// would make them false or ambiguous, so the secondary layout drops those kinds and a class whose
/// scene consists of them is never chosen.
/// </remarks>
internal static class MixRules
{
    /// <summary>Pairs (primary, secondary) that make no sense even after dropping kinds: a bridge over no river, a harbour's water beside a beach's sea.</summary>
    private static readonly HashSet<(string, string)> Excluded =
    [
        (SceneClasses.River, SceneClasses.Bridge),
        (SceneClasses.Bridge, SceneClasses.River),
        (SceneClasses.Beach, SceneClasses.Harbor),
    ];

    /// <summary>Kinds the primary class's captions count or refer to definitely; none of them may appear in its secondary region.</summary>
    public static IReadOnlySet<ObjectKind> ClaimedKinds(string primaryClass)
    {
        var salient = SalientKind(primaryClass);
        var kinds = new HashSet<ObjectKind> { salient };
        if (salient is ObjectKind.House or ObjectKind.Building)
            kinds.UnionWith([ObjectKind.House, ObjectKind.Building]); // captions call both "buildings"
        switch (primaryClass)
        {
            case SceneClasses.Harbor: kinds.Add(ObjectKind.Pier); break;
            case SceneClasses.River or SceneClasses.Bridge: kinds.Add(ObjectKind.River); break;
            case SceneClasses.Beach: kinds.UnionWith([ObjectKind.Sea, ObjectKind.ShallowWater]); break;
        }
        return kinds;
    }

    /// <summary>The classes that may be drawn as the secondary region of <paramref name="primaryClass"/>, in <see cref="SceneClasses.All"/> order.</summary>
    public static IReadOnlyList<string> SecondaryClasses(string primaryClass)
    {
        var claimed = ClaimedKinds(primaryClass);
        return SceneClasses.All
            .Where(c => c != primaryClass && !Excluded.Contains((primaryClass, c)) && !claimed.Contains(SalientKind(c)))
            .ToList();
    }

    /// <summary>The salient kind of each class's layout (fixed per class in SceneLayout.*.cs).</summary>
    internal static ObjectKind SalientKind(string sceneClass) => sceneClass switch
    {
        SceneClasses.Airport => ObjectKind.Plane,
        SceneClasses.Harbor => ObjectKind.Boat,
        SceneClasses.Farmland => ObjectKind.Field,
        SceneClasses.Forest => ObjectKind.Tree,
        SceneClasses.Residential => ObjectKind.House,
        SceneClasses.River => ObjectKind.River,
        SceneClasses.Beach => ObjectKind.Umbrella,
        SceneClasses.ParkingLot => ObjectKind.Car,
        SceneClasses.StorageTanks => ObjectKind.StorageTank,
        SceneClasses.Stadium => ObjectKind.Stadium,
        SceneClasses.Industrial => ObjectKind.Building,
        SceneClasses.Bridge => ObjectKind.Bridge,
        _ => throw new ArgumentException($"Unknown scene class '{sceneClass}'.", nameof(sceneClass)),
    };
}
