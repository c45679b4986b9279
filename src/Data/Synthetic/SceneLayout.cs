namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Builds a <see cref="SceneSpec"/> for a scene class from a per-image random source.</summary>
/// <remarks>
/// The class-specific layouts live in the partial files SceneLayout.*.cs. Every random draw
/// goes through the one <see cref="Random"/> handed in, in a fixed order, so a seed always
/// yields the same spec.
/// </remarks>
internal static partial class SceneLayout
{
    private const float Size = SceneSpec.CanvasSize;

    /// <summary>Lays out one scene of <paramref name="sceneClass"/>.</summary>
    public static SceneSpec Create(string sceneClass, Random random, double clutterProbability) =>
        TryCreate(sceneClass, random, clutterProbability, keepClear: null)
        ?? throw new InvalidOperationException($"Layout of '{sceneClass}' placed none of its salient objects.");

    /// <summary>
    /// Lays out one scene with <paramref name="keepClear"/> reserved first, so countable objects placed by
    /// trial avoid it (objects placed by grid, and terrain, ignore it); null when that left no salient object.
    /// </summary>
    /// <remarks>A reservation draws nothing: with <paramref name="keepClear"/> null this is exactly <see cref="Create"/>'s layout.</remarks>
    public static SceneSpec? TryCreate(string sceneClass, Random random, double clutterProbability, DesignRect? keepClear)
    {
        var canvas = new LayoutCanvas(random);
        if (keepClear is { } r)
            canvas.Reserve(r.X0, r.Y0, r.X1, r.Y1);
        var result = sceneClass switch
        {
            SceneClasses.Airport => Airport(canvas),
            SceneClasses.Harbor => Harbor(canvas),
            SceneClasses.Farmland => Farmland(canvas),
            SceneClasses.Forest => Forest(canvas),
            SceneClasses.Residential => Residential(canvas),
            SceneClasses.River => River(canvas),
            SceneClasses.Beach => Beach(canvas),
            SceneClasses.ParkingLot => ParkingLot(canvas),
            SceneClasses.StorageTanks => StorageTanks(canvas),
            SceneClasses.Stadium => Stadium(canvas),
            SceneClasses.Industrial => Industrial(canvas),
            SceneClasses.Bridge => Bridge(canvas),
            _ => throw new ArgumentException($"Unknown scene class '{sceneClass}'.", nameof(sceneClass)),
        };
        var objects = (result.Objects ?? canvas.Objects).ToList();
        if (objects.Count == 0 || !objects.Any(o => o.Kind == result.SalientKind))
            return null;
        var salientObjects = objects.Where(o => o.Kind == result.SalientKind).ToList();
        var colors = salientObjects.Select(o => o.Color).Distinct().ToList();
        var salient = new SalientGroup(
            result.SalientKind, salientObjects.Count, colors, result.Arrangement, result.Rows,
            RegionOf(salientObjects), result.IsLarge);
        ClutterPlacer.AddClutter(objects, salient, random, clutterProbability);
        return new SceneSpec(sceneClass, result.Background, objects, salient, result.Features, result.BackdropRegion);
    }

    /// <summary>The half of the canvas that contains every object entirely, judged from geometry so the caption claim is always true.</summary>
    internal static SceneRegion RegionOf(IReadOnlyList<SceneObject> objects)
    {
        float x0 = Size, y0 = Size, x1 = 0, y1 = 0;
        foreach (var o in objects)
        {
            var (hw, hh) = o.RotatedHalfExtents();
            x0 = Math.Min(x0, Math.Max(0, o.X - hw));
            x1 = Math.Max(x1, Math.Min(Size, o.X + hw));
            y0 = Math.Min(y0, Math.Max(0, o.Y - hh));
            y1 = Math.Max(y1, Math.Min(Size, o.Y + hh));
        }
        const float half = Size / 2;
        if (x1 <= half) return SceneRegion.Left;
        if (x0 >= half) return SceneRegion.Right;
        if (y1 <= half) return SceneRegion.Top;
        if (y0 >= half) return SceneRegion.Bottom;
        return SceneRegion.Anywhere;
    }

    /// <summary>
    /// Places <paramref name="count"/> items in <paramref name="rows"/> evenly spaced rows inside an area
    /// (row lengths differ by at most one), centred vertically and at a random horizontal offset.
    /// </summary>
    /// <param name="canvas">Canvas to place on.</param>
    /// <param name="count">Items wanted; at least <paramref name="rows"/>.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="pitchX">Distance between item centres along a row (footprint width plus gap).</param>
    /// <param name="pitchY">Distance between row centres; shrunk if the rows would not fit the area.</param>
    /// <param name="area">Area (x0, y0, x1, y1) the item centres must stay in.</param>
    /// <param name="create">Makes the item at a centre.</param>
    /// <returns>The number of rows that received at least one item.</returns>
    private static int PlaceRows(
        LayoutCanvas canvas, int count, int rows, float pitchX, float pitchY,
        (float X0, float Y0, float X1, float Y1) area, Func<float, float, SceneObject> create)
    {
        if (rows > 1)
            pitchY = Math.Min(pitchY, (area.Y1 - area.Y0) / (rows - 1));
        int longest = (count + rows - 1) / rows;
        float startX = canvas.Uniform(area.X0, Math.Max(area.X0, area.X1 - (longest - 1) * pitchX));
        float startY = (area.Y0 + area.Y1) / 2 - (rows - 1) * pitchY / 2;
        int rowsUsed = 0;
        for (int r = 0; r < rows; r++)
        {
            int inRow = count / rows + (r < count % rows ? 1 : 0);
            int placed = 0;
            for (int i = 0; i < inRow; i++)
            {
                if (canvas.TryPlace(create(startX + i * pitchX, startY + r * pitchY)))
                    placed++;
            }
            if (placed > 0)
                rowsUsed++;
        }
        return rowsUsed;
    }

    /// <summary>Largest number of items with the given pitch whose centres fit in a span.</summary>
    private static int Fit(float span, float pitch) => Math.Max(1, (int)Math.Floor(span / pitch) + 1);

    /// <summary>One colour for all salient objects, or, with probability <paramref name="mixedProbability"/>, null meaning "pick per object".</summary>
    private static SceneColor? GroupColor(LayoutCanvas canvas, IReadOnlyList<SceneColor> choices, double mixedProbability) =>
        canvas.Chance(mixedProbability) ? null : canvas.Pick(choices);
}
