namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>
/// Something the hard-variant captions may name in a scene of any class, with the words every class uses
/// for it: the shared vocabulary ("buildings", "a road", "some cars", "green trees") that makes classes overlap.
/// </summary>
/// <param name="Kinds">Object kinds that make up the thing.</param>
/// <param name="Singular">Phrases for one object, or for an area named in the singular ("water", "a road").</param>
/// <param name="Plural">Phrases for two or more objects, or for an area named in the plural ("green trees"); empty when it never is.</param>
/// <param name="MinBandShare">For an area: the share of the secondary band it must cover to be named there.</param>
/// <param name="MinImageShare">For an area: the share of the image it must cover to be named as part of the scene; 0 for things named only in a band.</param>
/// <param name="GroundColor">A ground colour that also counts as the thing (harbour water is the ground, not an object).</param>
internal sealed record SharedThing(
    ObjectKind[] Kinds, string[] Singular, string[] Plural,
    double MinBandShare = 0, double MinImageShare = 0, SceneColor? GroundColor = null)
{
    /// <summary>Discrete things are counted (one or "some"); the others are areas, measured with <see cref="Coverage"/>.</summary>
    public bool IsDiscrete => ObjectShape.IsDiscrete(Kinds[0]);

    /// <summary>Whether a cell whose topmost drawn thing is <paramref name="kind"/> (null: the ground of colour <paramref name="ground"/>) shows this thing.</summary>
    public bool Shows(ObjectKind? kind, SceneColor ground) => kind is { } k ? Kinds.Contains(k) : GroundColor == ground;
}

/// <summary>The shared vocabulary of the hard variant.</summary>
/// <remarks>
/// Area thresholds keep the plural and the claim true: at 8 % of a 20-unit band a tree area holds more
/// than two crowns (the largest crown covers about 50 square units); at 3 % of the image, more than two.
/// "A patch of forest" needs a third of the band, so it reads as a patch rather than a few trees.
/// </remarks>
internal static class SharedThings
{
    public static readonly SharedThing Buildings = new([ObjectKind.House, ObjectKind.Building], ["a building"], ["buildings", "some buildings"]);
    public static readonly SharedThing Cars = new([ObjectKind.Car], ["a car"], ["cars", "some cars"]);
    public static readonly SharedThing Planes = new([ObjectKind.Plane], ["a plane"], ["planes", "some planes"]);
    public static readonly SharedThing Boats = new([ObjectKind.Boat], ["a boat"], ["boats", "some boats"]);
    public static readonly SharedThing Tanks = new([ObjectKind.StorageTank], ["a storage tank"], ["storage tanks", "some storage tanks"]);
    public static readonly SharedThing Umbrellas = new([ObjectKind.Umbrella], ["a beach umbrella"], ["beach umbrellas", "some umbrellas"]);
    public static readonly SharedThing Stadiums = new([ObjectKind.Stadium], ["a stadium"], ["stadiums"]);
    public static readonly SharedThing Bridges = new([ObjectKind.Bridge], ["a bridge"], ["bridges"]);
    public static readonly SharedThing Forest = new([ObjectKind.Tree], ["a patch of forest", "a wooded area"], [], MinBandShare: 0.35);
    public static readonly SharedThing Trees = new([ObjectKind.Tree], [], ["green trees", "some green trees"], MinBandShare: 0.08, MinImageShare: 0.03);
    public static readonly SharedThing Farmland = new([ObjectKind.Field], ["farmland", "a patch of farmland"], [], MinBandShare: 0.25);
    public static readonly SharedThing Water = new([ObjectKind.River, ObjectKind.Sea, ObjectKind.ShallowWater], ["water", "a stretch of water"], [],
        MinBandShare: 0.2, MinImageShare: 0.03, GroundColor: ScenePalette.Water);
    public static readonly SharedThing Road = new([ObjectKind.Road], ["a road"], [], MinBandShare: 0.05, MinImageShare: 0.03);
    public static readonly SharedThing Runway = new([ObjectKind.Runway], ["a runway"], [], MinBandShare: 0.1);

    /// <summary>Things named inside a secondary band; <see cref="Forest"/> before <see cref="Trees"/>, which is left out when the forest is named.</summary>
    public static IReadOnlyList<SharedThing> InBand { get; } =
        [Buildings, Cars, Planes, Boats, Tanks, Umbrellas, Stadiums, Bridges, Forest, Trees, Farmland, Water, Road, Runway];

    /// <summary>Things named as part of the whole scene, whatever its class: the words every class shares.</summary>
    public static IReadOnlyList<SharedThing> InImage { get; } = [Buildings, Cars, Trees, Water, Road];
}
