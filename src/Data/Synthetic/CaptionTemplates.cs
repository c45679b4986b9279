namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Class-specific caption templates: each call returns one candidate per template that fits the scene.</summary>
/// <remarks>
/// A template only applies when the spec makes its claim true: counts come from the salient
/// count, rows from the placed rows, places from the objects' geometry, rivers and roads from
/// the scene features. Synonyms are drawn from the context's random source.
/// </remarks>
internal static class CaptionTemplates
{
    private static readonly string[] Plane = ["plane", "airplane", "aircraft"], Planes = ["planes", "airplanes", "aircraft"];
    private static readonly string[] Boat = ["boat", "ship", "vessel"], Boats = ["boats", "ships", "vessels"];
    private static readonly string[] Car = ["car", "vehicle"], Cars = ["cars", "vehicles"];
    private static readonly string[] Tank = ["storage tank", "oil tank", "tank"], Tanks = ["storage tanks", "oil tanks", "tanks"];
    private static readonly string[] House = ["house", "home"], Houses = ["houses", "homes"];
    private static readonly string[] Building = ["building", "factory building", "warehouse"], Buildings = ["buildings", "factory buildings", "warehouses"];
    private static readonly string[] Field = ["field", "plot"], Fields = ["fields", "plots"];
    private static readonly string[] Umbrella = ["umbrella", "parasol", "sunshade"], Umbrellas = ["umbrellas", "parasols", "sunshades"];
    private static readonly string[] Bridge = ["bridge"], Bridges = ["bridges"];
    private static readonly string[] Track = ["running track", "oval track"], Tracks = ["running tracks", "oval tracks"];

    public static IEnumerable<string> For(CaptionContext c) => c.Spec.SceneClass switch
    {
        SceneClasses.Airport => Airport(c),
        SceneClasses.Harbor => Harbor(c),
        SceneClasses.Farmland => Farmland(c),
        SceneClasses.Forest => Forest(c),
        SceneClasses.Residential => Residential(c),
        SceneClasses.River => River(c),
        SceneClasses.Beach => Beach(c),
        SceneClasses.ParkingLot => ParkingLot(c),
        SceneClasses.StorageTanks => StorageTanks(c),
        SceneClasses.Stadium => Stadium(c),
        SceneClasses.Industrial => Industrial(c),
        SceneClasses.Bridge => BridgeScene(c),
        _ => throw new ArgumentException($"Unknown scene class '{c.Spec.SceneClass}'."),
    };

    private static IEnumerable<string> Airport(CaptionContext c)
    {
        yield return $"{c.Group(Plane, Planes)} {c.Be} parked on the apron";
        yield return $"{c.Group(Plane, Planes, withSize: true)} {c.Be} parked next to the runway";
        yield return $"there {c.Be} {c.Group(Plane, Planes)} at the airport";
        yield return CaptionContext.Fix($"an airport with {c.Group(Plane, Planes)} beside a {c.Pick("long", "dark")} runway");
        yield return $"{c.Group(Plane, Planes, withCount: false)} {c.Be} {c.Pick("parked", "standing")} near the runway of this airport";
        if (c.Salient.Arrangement == ObjectArrangement.Rows && c.Plural)
            yield return $"{c.Group(Plane, Planes)} are lined up in {c.Rows()} on the apron";
        if (c.Salient.Arrangement == ObjectArrangement.Scattered && c.Plural)
            yield return $"{c.Group(Plane, Planes)} are scattered on the apron";
        if (c.Place() is { } place)
            yield return $"{c.Group(Plane, Planes)} {c.Be} parked {place}";
    }

    private static IEnumerable<string> Harbor(CaptionContext c)
    {
        int piers = c.Spec.ObjectsOf(ObjectKind.Pier).Count();
        string pierPhrase = piers == 1 ? c.Pick("a pier", "one pier", "a long pier") : $"{CaptionContext.Number(piers)} piers";
        yield return $"{c.Group(Boat, Boats)} {c.Be} moored at the {(piers == 1 ? "pier" : "piers")}";
        yield return $"{c.Group(Boat, Boats, withSize: true)} {c.Be} docked along {pierPhrase}";
        yield return $"there {c.Be} {c.Group(Boat, Boats)} in the {c.Pick("harbor", "port")}";
        yield return $"a harbor with {pierPhrase} and {c.Group(Boat, Boats)}";
        yield return $"{pierPhrase} {(piers == 1 ? "reaches" : "reach")} into the water from a quay on the {CaptionContext.Side(c.Spec.BackdropRegion)}";
        yield return $"{c.Group(Boat, Boats, withCount: false)} {c.Be} {c.Pick("moored", "anchored")} beside the {(piers == 1 ? "pier" : "piers")} in the water";
        if (c.Salient.Colors.Count > 1)
            yield return $"{(c.Count > 2 ? "boats" : "two boats")} of different colors are moored in the harbor";
    }

    private static IEnumerable<string> Farmland(CaptionContext c)
    {
        var colors = c.Salient.Colors.Select(x => x.Name).ToList();
        string colorPhrase = colors.Count switch
        {
            1 => colors[0],
            2 => $"{colors[0]} and {colors[1]}",
            _ => $"{colors[0]} , {colors[1]} and {colors[2]}",
        };
        string fields = $"{c.CountWord(c.Count)} {colorPhrase} {c.Noun(Field, Fields)}";
        yield return $"{fields} are arranged in a grid";
        yield return $"the farmland is divided into {fields}";
        yield return $"{CaptionContext.Number(c.Salient.Rows)} rows of {colorPhrase} fields are separated by paths";
        yield return $"farmland with {fields} separated by narrow paths";
        yield return $"{(c.Count > CaptionContext.MaxSpelledCount ? "many" : "some")} {colorPhrase} fields {c.Pick("form a regular pattern", "make up this farmland")}";
        if (colors.Count == 1)
            yield return $"all the fields are {colors[0]}";
        if (c.Has(SceneFeatures.River))
        {
            yield return $"{fields} lie next to a river";
            yield return $"a river flows {c.Pick("along", "beside")} the {colorPhrase} farmland";
        }
    }

    private static IEnumerable<string> Forest(CaptionContext c)
    {
        bool dense = c.Has(SceneFeatures.Dense);
        if (dense)
        {
            yield return c.Pick("a dense forest covers the land", "this is a dense forest", "the forest is thick and dark green");
            yield return $"many green trees grow {c.Pick("closely together", "densely")} in the forest";
        }
        else
        {
            yield return $"trees are {c.Pick("sparsely", "loosely")} scattered on the bare ground";
            yield return c.Pick("a sparse forest with some trees on the soil", "the trees in this forest are sparse");
        }
        string kind = dense ? "dense" : "sparse";
        if (c.Has(SceneFeatures.Road))
        {
            yield return $"a road passes through the {kind} forest";
            yield return $"a road crosses the forest {c.Direction()}";
        }
        if (c.Has(SceneFeatures.River))
        {
            yield return $"a river runs through the {kind} forest";
            yield return $"a river crosses the forest {c.Direction()}";
        }
        yield return $"{c.Pick("green", "dark green")} trees {(dense ? "cover most of the image" : "stand apart from each other")}";
    }

    private static IEnumerable<string> Residential(CaptionContext c)
    {
        string Roofs() => c.ColorAdjective is { } color ? $" with {color} roofs" : "";
        yield return $"{c.Group(House, Houses, withColor: false)}{Roofs()} {c.Be} along the road";
        yield return $"there {c.Be} {c.Group(House, Houses, withColor: false, withSize: true)}{Roofs()} in this residential area";
        yield return $"a road runs past {c.Group(House, Houses, withColor: false)}{Roofs()}";
        if (c.Salient.Rows == 2)
        {
            yield return $"two rows of houses{Roofs()} line both sides of the road";
            yield return "houses are on both sides of a road";
        }
        else if (c.Plural)
        {
            yield return $"a row of {c.Group(House, Houses, withColor: false)}{Roofs()} is on one side of the road";
        }
        if (c.Place() is { } place)
            yield return $"{c.Group(House, Houses, withColor: false)}{Roofs()} {c.Be} {place}";
        if (c.Has(SceneFeatures.River))
        {
            yield return "a river runs past the houses";
            yield return "the residential area is next to a river";
        }
        if (c.Has(SceneFeatures.Trees))
            yield return "some green trees grow among the houses";
    }

    private static IEnumerable<string> River(CaptionContext c)
    {
        string width = c.Has(SceneFeatures.Wide) ? c.Pick("wide", "broad") : c.Pick("narrow", "thin");
        string land = c.Spec.Background.Equals(ScenePalette.Grass) ? c.Pick("green grassland", "green meadow") : c.Pick("bare land", "bare soil");
        string direction = c.Direction() ?? "";
        yield return CaptionContext.Fix($"a {width} river flows {direction} through the {land}");
        yield return CaptionContext.Fix($"a {width} river crosses the image {direction}");
        yield return $"the river is {width}";
        yield return $"a river runs through the {land}";
        if (c.Has(SceneFeatures.Trees))
        {
            yield return "trees grow along both banks of the river";
            yield return "the river is lined with green trees";
        }
        if (c.Place() is { } place)
            yield return $"a river runs {place}";
    }

    private static IEnumerable<string> Beach(CaptionContext c)
    {
        string side = CaptionContext.Side(c.Spec.BackdropRegion);
        yield return $"{c.Group(Umbrella, Umbrellas)} {c.Be} on the beach";
        yield return $"there {c.Be} {c.Group(Umbrella, Umbrellas, withSize: true)} on the sand";
        yield return $"the sea is {(side is "left" or "right" ? $"on the {side}" : $"at the {side}")} of the beach";
        yield return $"a sandy beach with {c.Group(Umbrella, Umbrellas)} next to the sea";
        yield return $"shallow water lines the sandy shore near {c.Group(Umbrella, Umbrellas, withCount: false)}";
        if (c.Salient.Arrangement == ObjectArrangement.Rows)
            yield return $"{c.Group(Umbrella, Umbrellas)} stand in a line along the shore";
        if (c.Has(SceneFeatures.Trees))
            yield return "green trees grow behind the beach";
    }

    private static IEnumerable<string> ParkingLot(CaptionContext c)
    {
        yield return $"{c.Group(Car, Cars)} {c.Be} parked in the parking lot";
        yield return $"{c.Group(Car, Cars, withSize: false)} {c.Be} parked in {c.Rows()}";
        yield return $"there {c.Be} {c.Group(Car, Cars)} on the asphalt";
        yield return $"a parking lot with {c.Group(Car, Cars, withCount: false)}";
        if (c.Salient.Colors.Count > 1)
            yield return $"cars of different colors are parked in {c.Rows()}";
        if (c.Place() is { } place)
            yield return $"{c.Group(Car, Cars)} {c.Be} parked {place}";
        if (c.Count <= 3)
            yield return $"the parking lot is almost empty with only {c.Group(Car, Cars)}";
        if (c.Count >= 10)
            yield return "a busy parking lot with many cars";
    }

    private static IEnumerable<string> StorageTanks(CaptionContext c)
    {
        yield return $"{c.Group(Tank, Tanks, withSize: true)} {c.Be} {c.Pick("on the ground", "in this area")}";
        yield return $"there {c.Be} {c.Group(Tank, Tanks)} in the image";
        yield return $"{c.Group(Tank, Tanks, withCount: false, withSize: true)} {c.Be} seen from above";
        if (c.Salient.Arrangement is ObjectArrangement.Rows or ObjectArrangement.Grid && c.Plural)
            yield return $"{c.Group(Tank, Tanks)} are arranged in {c.Rows()}";
        if (c.Salient.Arrangement == ObjectArrangement.Scattered && c.Plural)
            yield return $"{c.Group(Tank, Tanks)} are scattered irregularly";
        if (c.Has(SceneFeatures.Road))
            yield return $"{c.Group(Tank, Tanks)} {(c.Plural ? "stand" : "stands")} next to a road";
        if (c.Place() is { } place)
            yield return $"{c.Group(Tank, Tanks)} {c.Be} {place}";
    }

    private static IEnumerable<string> Stadium(CaptionContext c)
    {
        string color = c.ColorAdjective ?? "";
        string size = c.Salient.IsLarge ? "large" : "small";
        if (c.Count == 1)
        {
            yield return $"a stadium with a {color} running track around a green field";
            yield return $"a {size} stadium with a {color} {c.Pick("oval track", "running track")}";
            yield return $"the {color} track {c.Pick("surrounds", "encloses")} a green football field";
        }
        else
        {
            yield return $"two stadiums with {color} running tracks";
            yield return $"there are two {color} {c.Pick(Tracks)} around green fields";
        }
        yield return $"{c.Group(Track, Tracks)} {c.Be} {c.Pick("visible from above", "seen from above")}";
        if (c.Place() is { } place)
            yield return $"{(c.Count == 1 ? "a stadium is" : "two stadiums are")} {place}";
        if (c.Has(SceneFeatures.Trees))
            yield return $"some trees are around the {(c.Count == 1 ? "stadium" : "stadiums")}";
    }

    private static IEnumerable<string> Industrial(CaptionContext c)
    {
        string Roofs() => c.ColorAdjective is { } color ? $" with {color} roofs" : "";
        yield return $"{c.Group(Building, Buildings, withColor: false)}{Roofs()} {c.Be} in the industrial area";
        yield return $"there {c.Be} {c.Group(Building, Buildings, withColor: true, withSize: true)} in this factory zone";
        yield return $"{c.Group(Building, Buildings)} {c.Be} {c.Pick("on a concrete yard", "surrounded by concrete")}";
        if (c.Salient.Colors.Count > 1)
            yield return $"{(c.Count > 2 ? "buildings" : "two buildings")} with roofs of different colors";
        if (c.Has(SceneFeatures.Road))
            yield return $"a road runs {c.Direction()} through the industrial area";
        if (c.Count >= 4)
            yield return "many buildings are in the scene";
    }

    private static IEnumerable<string> BridgeScene(CaptionContext c)
    {
        string direction = c.Direction() ?? "";
        yield return $"{c.Group(Bridge, Bridges)} {(c.Plural ? "cross" : "crosses")} the river";
        yield return $"{c.Group(Bridge, Bridges, withSize: false)} {(c.Plural ? "span" : "spans")} a river that flows {direction}";
        yield return $"a river flows {direction} under {c.Group(Bridge, Bridges)}";
        yield return $"roads lead to {c.Group(Bridge, Bridges, withColor: false)} over the water";
        yield return $"there {c.Be} {c.Group(Bridge, Bridges)} over the river";
        if (c.Place() is { } place)
            yield return $"{c.Group(Bridge, Bridges)} {(c.Plural ? "cross" : "crosses")} the river {place}";
    }
}
