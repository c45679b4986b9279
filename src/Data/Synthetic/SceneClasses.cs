namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>The scene classes of the synthetic set, as they appear in file-name prefixes.</summary>
/// <remarks>Names contain no underscore: the class of <c>storagetanks_0042.png</c> is the prefix before the first <c>_</c> (docs/method.md §6).</remarks>
public static class SceneClasses
{
    /// <summary>Airport: planes on an apron beside a runway.</summary>
    public const string Airport = "airport";
    /// <summary>Harbor: boats moored along piers.</summary>
    public const string Harbor = "harbor";
    /// <summary>Farmland: coloured fields in a grid.</summary>
    public const string Farmland = "farmland";
    /// <summary>Forest: dense or sparse tree crowns.</summary>
    public const string Forest = "forest";
    /// <summary>Residential: rows of houses along a road.</summary>
    public const string Residential = "residential";
    /// <summary>River: a river band across land.</summary>
    public const string River = "river";
    /// <summary>Beach: sea, shallow water, sand and umbrellas.</summary>
    public const string Beach = "beach";
    /// <summary>Parking lot: rows of cars on asphalt.</summary>
    public const string ParkingLot = "parkinglot";
    /// <summary>Storage tanks: round tanks in rows or grids.</summary>
    public const string StorageTanks = "storagetanks";
    /// <summary>Stadium: an oval running track around a pitch.</summary>
    public const string Stadium = "stadium";
    /// <summary>Industrial: large factory roofs on a concrete yard.</summary>
    public const string Industrial = "industrial";
    /// <summary>Bridge: bridges across a river.</summary>
    public const string Bridge = "bridge";

    /// <summary>All classes, in the fixed order used for stratified splits.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Airport, Harbor, Farmland, Forest, Residential, River,
        Beach, ParkingLot, StorageTanks, Stadium, Industrial, Bridge,
    ];
}
