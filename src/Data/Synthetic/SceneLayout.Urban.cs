namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Layouts of the built-up classes: residential, storage tanks, stadium, industrial.</summary>
internal static partial class SceneLayout
{
    private static readonly SceneColor[] RoofColors = [ScenePalette.Red, ScenePalette.Blue, ScenePalette.White, ScenePalette.Orange];
    private static readonly SceneColor[] TankColors = [ScenePalette.White, ScenePalette.White, ScenePalette.Blue, ScenePalette.Yellow, ScenePalette.Red];
    private static readonly SceneColor[] TrackColors = [ScenePalette.Red, ScenePalette.Blue];
    private static readonly SceneColor[] FactoryRoofColors = [ScenePalette.White, ScenePalette.Blue, ScenePalette.Red, ScenePalette.Orange];

    /// <summary>One or two rows of houses along a road, sometimes with a river at the edge and garden trees; laid out with a horizontal road, then transposed half the time.</summary>
    private static LayoutResult Residential(LayoutCanvas c)
    {
        float roadY = Size / 2 + c.Uniform(-6, 6);
        c.AddTerrain(new SceneObject(ObjectKind.Road, ScenePalette.Asphalt, Size / 2, roadY, Size, 6));
        c.Reserve(0, roadY - 3, Size, roadY + 3);
        var features = SceneFeatures.Road;
        bool twoRows = c.Chance(0.6), housesAbove = c.Chance(0.5);
        bool large = c.Chance(0.5);
        float w = large ? 8 : 6, h = large ? 7 : 5;
        if (c.Chance(0.3))
        {
            // The river runs along the edge that has no houses next to it (or the far edge of the lower row).
            bool riverTop = !twoRows && !housesAbove || twoRows && c.Chance(0.5);
            float riverY = riverTop ? 3.5f : Size - 3.5f;
            c.AddTerrain(new SceneObject(ObjectKind.River, ScenePalette.Water, Size / 2, riverY, Size, 7));
            c.Reserve(0, riverY - 3.5f, Size, riverY + 3.5f);
            features |= SceneFeatures.River | SceneFeatures.Horizontal;
        }
        var groupColor = GroupColor(c, RoofColors, 0.2);
        float pitchX = w + c.Uniform(2.5f, 4.5f);
        int perRowMax = Math.Min(Fit(Size - 4 - w, pitchX), 6);
        int rows = 0;
        foreach (int side in twoRows ? new[] { -1, 1 } : new[] { housesAbove ? -1 : 1 })
        {
            float y = roadY + side * (3 + 2.5f + h / 2); // 2.5 units clear of the reserved road
            int inRow = c.Between(2, perRowMax);
            float x0 = c.Uniform(2 + w / 2, Math.Max(2 + w / 2, Size - 2 - w / 2 - (inRow - 1) * pitchX));
            int placed = 0;
            for (int i = 0; i < inRow; i++)
            {
                if (c.TryPlace(new SceneObject(ObjectKind.House, groupColor ?? c.Pick(RoofColors), x0 + i * pitchX, y, w, h)))
                    placed++;
            }
            if (placed > 0)
                rows++;
        }
        int gardenTrees = c.Between(0, 5), planted = 0;
        for (int i = 0; i < gardenTrees; i++)
        {
            if (c.PlaceRandomly((x, y) => new SceneObject(ObjectKind.Tree, ScenePalette.TreeGreen, x, y, 5, 5), 3, 3, Size - 3, Size - 3) is not null)
                planted++;
        }
        if (planted >= 2)
            features |= SceneFeatures.Trees;
        bool transpose = c.Chance(0.5);
        if (transpose)
            features = features & ~SceneFeatures.Horizontal | (features.HasFlag(SceneFeatures.River) ? SceneFeatures.Vertical : 0);
        var objects = transpose ? c.Objects.Select(SceneOrientation.Transpose).ToList() : c.Objects.ToList();
        return new LayoutResult(ScenePalette.Grass, ObjectKind.House, ObjectArrangement.Along, rows, large, features, Objects: objects);
    }

    /// <summary>Round tanks in a grid or scattered on a concrete or soil yard, sometimes beside a road.</summary>
    private static LayoutResult StorageTanks(LayoutCanvas c)
    {
        var background = c.Chance(0.5) ? ScenePalette.Concrete : ScenePalette.Soil;
        var features = SceneFeatures.None;
        float y0 = 1, y1 = Size - 1;
        if (c.Chance(0.3))
        {
            bool roadTop = c.Chance(0.5);
            float roadY = roadTop ? 5 : Size - 5;
            c.AddTerrain(new SceneObject(ObjectKind.Road, ScenePalette.Asphalt, Size / 2, roadY, Size, 6));
            if (roadTop) y0 = 9; else y1 = Size - 9;
            features |= SceneFeatures.Road | SceneFeatures.Horizontal;
        }
        bool large = c.Chance(0.5);
        float d = large ? c.Uniform(10, 13) : c.Uniform(6, 8);
        var groupColor = GroupColor(c, TankColors, 0.15);
        SceneObject Tank(float x, float y) => new(ObjectKind.StorageTank, groupColor ?? c.Pick(TankColors), x, y, d, d);
        var area = (X0: 2 + d / 2, Y0: y0 + 1 + d / 2, X1: Size - 2 - d / 2, Y1: y1 - 1 - d / 2);
        if (c.Chance(0.3))
        {
            bool left = c.Chance(0.5);
            area = left ? (area.X0, area.Y0, Size / 2 - 1 - d / 2, area.Y1) : (Size / 2 + 1 + d / 2, area.Y0, area.X1, area.Y1);
        }
        if (c.Chance(0.6))
        {
            float pitch = d + c.Uniform(2.5f, 5);
            int maxCols = Fit(area.X1 - area.X0, pitch), maxRows = Math.Min(Fit(area.Y1 - area.Y0, pitch), 3);
            int rows = c.Between(1, maxRows), cols = c.Between(1, Math.Min(maxCols, 4));
            rows = PlaceRows(c, rows * cols, rows, pitch, pitch, area, Tank);
            return new LayoutResult(background, ObjectKind.StorageTank, rows > 1 ? ObjectArrangement.Grid : ObjectArrangement.Rows, rows, large, features);
        }
        int wanted = c.Between(1, 7);
        for (int i = 0; i < wanted; i++)
            c.PlaceRandomly(Tank, area.X0, area.Y0, area.X1, area.Y1);
        if (!c.Objects.Any(o => o.Kind == ObjectKind.StorageTank))
            c.Add(Tank((area.X0 + area.X1) / 2, (area.Y0 + area.Y1) / 2));
        return new LayoutResult(background, ObjectKind.StorageTank, ObjectArrangement.Scattered, 0, large, features);
    }

    /// <summary>One or two oval stadiums (stands, coloured running track, green pitch) among paved lots and trees.</summary>
    private static LayoutResult Stadium(LayoutCanvas c)
    {
        var background = c.Chance(0.5) ? ScenePalette.Grass : ScenePalette.Concrete;
        int count = c.Chance(0.8) ? 1 : 2;
        bool large = count == 1 && c.Chance(0.5);
        var color = c.Pick(TrackColors);
        float w = large ? c.Uniform(36, 44) : c.Uniform(24, 28), h = large ? c.Uniform(24, 30) : c.Uniform(16, 19);
        for (int i = 0; i < count; i++)
        {
            float rotation = c.Chance(0.5) ? 0 : 90;
            // Width runs along x before rotation; a stadium lies with its long side horizontal at rotation 0.
            SceneObject Make(float x, float y) => new(ObjectKind.Stadium, color, x, y, w, h, rotation);
            if (c.PlaceRandomly(Make, 0, 0, Size, Size) is null && i == 0)
                c.Add(Make(Size / 2, Size / 2));
        }
        var features = SceneFeatures.None;
        int trees = c.Between(0, 6), planted = 0;
        for (int i = 0; i < trees; i++)
        {
            if (c.PlaceRandomly((x, y) => new SceneObject(ObjectKind.Tree, ScenePalette.TreeGreen, x, y, 5, 5), 3, 3, Size - 3, Size - 3) is not null)
                planted++;
        }
        if (planted >= 2)
            features |= SceneFeatures.Trees;
        return new LayoutResult(background, ObjectKind.Stadium, ObjectArrangement.Scattered, 0, large, features);
    }

    /// <summary>Two to six large factory roofs on a concrete yard, sometimes split by a road.</summary>
    private static LayoutResult Industrial(LayoutCanvas c)
    {
        var features = SceneFeatures.None;
        if (c.Chance(0.5))
        {
            bool vertical = c.Chance(0.5);
            float at = c.Uniform(20, 44);
            c.AddTerrain(vertical
                ? new SceneObject(ObjectKind.Road, ScenePalette.Asphalt, at, Size / 2, 6, Size)
                : new SceneObject(ObjectKind.Road, ScenePalette.Asphalt, Size / 2, at, Size, 6));
            if (vertical) c.Reserve(at - 3, 0, at + 3, Size); else c.Reserve(0, at - 3, Size, at + 3);
            features |= SceneFeatures.Road | (vertical ? SceneFeatures.Vertical : SceneFeatures.Horizontal);
        }
        bool large = c.Chance(0.5);
        var groupColor = GroupColor(c, FactoryRoofColors, 0.25);
        int wanted = c.Between(2, 6);
        for (int i = 0; i < wanted; i++)
        {
            float w = large ? c.Uniform(16, 24) : c.Uniform(10, 15), h = large ? c.Uniform(10, 14) : c.Uniform(7, 10);
            float rotation = c.Chance(0.5) ? 0 : 90;
            var color = groupColor ?? c.Pick(FactoryRoofColors);
            c.PlaceRandomly((x, y) => new SceneObject(ObjectKind.Building, color, x, y, w, h, rotation), 0, 0, Size, Size);
        }
        if (!c.Objects.Any(o => o.Kind == ObjectKind.Building))
            c.Add(new SceneObject(ObjectKind.Building, groupColor ?? ScenePalette.White, 12, 12, 12, 8));
        return new LayoutResult(ScenePalette.Concrete, ObjectKind.Building, ObjectArrangement.Scattered, 0, large, features);
    }
}
