namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Adds distractor objects borrowed from other classes: the "semantic noise" PriorCLIP's visual prior is meant to filter.</summary>
/// <remarks>
/// Clutter never has the salient kind (or a kind a caption could confuse with it) and never a
/// salient colour, and it keeps clear of the salient objects, so no caption claim becomes false.
/// </remarks>
internal static class ClutterPlacer
{
    private static readonly ObjectKind[] Kinds =
        [ObjectKind.Plane, ObjectKind.Boat, ObjectKind.Car, ObjectKind.StorageTank, ObjectKind.House, ObjectKind.Tree, ObjectKind.Umbrella];

    public static void AddClutter(List<SceneObject> objects, SalientGroup salient, Random random, double probability)
    {
        if (random.NextDouble() >= probability)
            return;
        var canvas = new LayoutCanvas(random);
        foreach (var o in objects.Where(BlocksClutter))
            canvas.Add(o);
        var kinds = Kinds.Where(k => k != salient.Kind && !(k == ObjectKind.House && salient.Kind == ObjectKind.Building)).ToArray();
        var colors = ScenePalette.ObjectColors.Where(c => !salient.Colors.Contains(c)).ToArray();
        int count = canvas.Between(1, 3);
        for (int i = 0; i < count; i++)
        {
            var kind = canvas.Pick(kinds);
            var color = kind == ObjectKind.Tree ? ScenePalette.TreeGreen : canvas.Pick(colors);
            float rotation = canvas.Pick(new float[] { 0, 45, 90, 135 });
            var (w, h) = ClutterSize(kind);
            var placed = canvas.PlaceRandomly(
                (x, y) => new SceneObject(kind, color, x, y, w, h, kind == ObjectKind.Tree ? 0 : rotation, IsClutter: true),
                4, 4, SceneSpec.CanvasSize - 4, SceneSpec.CanvasSize - 4);
            if (placed is not null)
                objects.Add(placed);
        }
    }

    /// <summary>Countable objects clutter must not touch; areas (fields, water, roads) and tree crowns may be covered.</summary>
    private static bool BlocksClutter(SceneObject o) => ObjectShape.IsDiscrete(o.Kind);

    private static (float Width, float Height) ClutterSize(ObjectKind kind) => kind switch
    {
        ObjectKind.Plane => (8, 8),
        ObjectKind.Boat => (3, 7),
        ObjectKind.Car => (3, 5),
        ObjectKind.StorageTank => (6, 6),
        ObjectKind.House => (6, 5),
        ObjectKind.Tree => (5, 5),
        _ => (4, 4),
    };
}
