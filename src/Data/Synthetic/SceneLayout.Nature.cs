namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Layouts of the natural classes: farmland, forest, river, beach.</summary>
internal static partial class SceneLayout
{
    private static readonly SceneColor[] FieldColors = [ScenePalette.GreenField, ScenePalette.YellowField, ScenePalette.BrownField];
    private static readonly SceneColor[] UmbrellaColors = [ScenePalette.Red, ScenePalette.Blue, ScenePalette.White, ScenePalette.Orange];

    /// <summary>A grid of two or three by two or three coloured fields separated by farm tracks, sometimes beside a river.</summary>
    private static LayoutResult Farmland(LayoutCanvas c)
    {
        var features = SceneFeatures.None;
        float x0 = 1, x1 = Size - 1;
        if (c.Chance(0.35))
        {
            bool riverLeft = c.Chance(0.5);
            c.AddTerrain(new SceneObject(ObjectKind.River, ScenePalette.Water, riverLeft ? 4.5f : Size - 4.5f, Size / 2, 9, Size));
            if (riverLeft) x0 = 12; else x1 = Size - 12;
            features |= SceneFeatures.River | SceneFeatures.Vertical;
        }
        int rows = c.Between(2, 3), cols = c.Between(2, 3);
        float gap = c.Uniform(2.5f, 3.5f);
        float w = (x1 - x0 - (cols - 1) * gap) / cols, h = (Size - 2 - (rows - 1) * gap) / rows;
        var groupColor = GroupColor(c, FieldColors, 0.7);
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < cols; k++)
            {
                var color = groupColor ?? c.Pick(FieldColors);
                c.Add(new SceneObject(ObjectKind.Field, color, x0 + k * (w + gap) + w / 2, 1 + r * (h + gap) + h / 2, w, h));
            }
        }
        return new LayoutResult(ScenePalette.FarmTrack, ObjectKind.Field, ObjectArrangement.Grid, rows, false, features);
    }

    /// <summary>Dense (overlapping) or sparse tree crowns on soil, sometimes crossed by a road or river.</summary>
    private static LayoutResult Forest(LayoutCanvas c)
    {
        var features = SceneFeatures.None;
        (float X0, float Y0, float X1, float Y1)? band = null;
        double crossing = c.Random.NextDouble();
        if (crossing < 0.5)
        {
            bool isRoad = crossing < 0.25, vertical = c.Chance(0.5);
            float width = isRoad ? 5 : 9, at = c.Uniform(20, 44);
            var kind = isRoad ? ObjectKind.Road : ObjectKind.River;
            var color = isRoad ? ScenePalette.Asphalt : ScenePalette.Water;
            c.AddTerrain(vertical
                ? new SceneObject(kind, color, at, Size / 2, width, Size)
                : new SceneObject(kind, color, Size / 2, at, Size, width));
            band = vertical ? (at - width / 2, 0, at + width / 2, Size) : (0, at - width / 2, Size, at + width / 2);
            features |= (isRoad ? SceneFeatures.Road : SceneFeatures.River) | (vertical ? SceneFeatures.Vertical : SceneFeatures.Horizontal);
        }
        bool dense = c.Chance(0.6);
        features |= dense ? SceneFeatures.Dense : SceneFeatures.Sparse;
        int trees = dense ? c.Between(80, 110) : c.Between(12, 22);
        for (int i = 0; i < trees; i++)
        {
            float d = c.Uniform(4.5f, 8f);
            var color = c.Chance(0.5) ? ScenePalette.TreeGreen : ScenePalette.TreeDarkGreen;
            float x = c.Uniform(0, Size), y = c.Uniform(0, Size);
            if (band is { } b && x + d / 2 > b.X0 - 1 && x - d / 2 < b.X1 + 1 && y + d / 2 > b.Y0 - 1 && y - d / 2 < b.Y1 + 1)
                continue; // keep the road or river visible
            var tree = new SceneObject(ObjectKind.Tree, color, x, y, d, d);
            if (dense) c.AddTerrain(tree); // crowns overlap in a dense forest
            else c.TryPlace(tree, margin: 0);
        }
        if (!c.Objects.Any(o => o.Kind == ObjectKind.Tree))
            c.AddTerrain(new SceneObject(ObjectKind.Tree, ScenePalette.TreeGreen, 6, 6, 6, 6));
        return new LayoutResult(ScenePalette.Soil, ObjectKind.Tree, ObjectArrangement.Scattered, 0, false, features);
    }

    /// <summary>A wide or narrow river running vertically, horizontally or diagonally across grass or soil, sometimes lined with trees.</summary>
    private static LayoutResult River(LayoutCanvas c)
    {
        var background = c.Chance(0.6) ? ScenePalette.Grass : ScenePalette.Soil;
        bool wide = c.Chance(0.5);
        float width = wide ? c.Uniform(14, 18) : c.Uniform(6, 9);
        int direction = c.Between(0, 2); // 0 vertical, 1 horizontal, 2 diagonal
        float rotation = direction switch { 0 => 0, 1 => 90, _ => c.Chance(0.5) ? 35 : -35 };
        float offset = direction == 2 ? c.Uniform(-4, 4) : c.Uniform(-18, 18);
        float cx = Size / 2 + (direction == 1 ? 0 : offset), cy = Size / 2 + (direction == 1 ? offset : 0);
        c.AddTerrain(new SceneObject(ObjectKind.River, ScenePalette.Water, cx, cy, width, Size * 1.6f, rotation));

        var features = SceneFeatures.River | (wide ? SceneFeatures.Wide : SceneFeatures.Narrow)
            | direction switch { 0 => SceneFeatures.Vertical, 1 => SceneFeatures.Horizontal, _ => SceneFeatures.Diagonal };
        if (c.Chance(0.5))
        {
            // Trees along both banks: walk along the river axis and step out past the water.
            double rad = rotation * Math.PI / 180;
            // Unit vector along the river: a rotation of θ turns the downward axis (0, 1) into (-sin θ, cos θ).
            float ax = -(float)Math.Sin(rad), ay = (float)Math.Cos(rad);
            int planted = 0;
            for (float t = -Size; t <= Size; t += c.Uniform(6, 10))
            {
                foreach (int side in new[] { -1, 1 })
                {
                    float d = c.Uniform(4.5f, 6.5f), outward = width / 2 + d / 2 + c.Uniform(1, 3);
                    float x = cx + t * ax + side * outward * ay, y = cy + t * ay - side * outward * ax;
                    if (c.TryPlace(new SceneObject(ObjectKind.Tree, ScenePalette.TreeGreen, x, y, d, d), margin: 0))
                        planted++;
                }
            }
            if (planted >= 2)
                features |= SceneFeatures.Trees;
        }
        return new LayoutResult(background, ObjectKind.River, ObjectArrangement.Scattered, 0, wide, features);
    }

    /// <summary>Sea, a shallow strip and sand with beach umbrellas, sometimes backed by trees; laid out with the sea on the left, then turned to any side.</summary>
    private static LayoutResult Beach(LayoutCanvas c)
    {
        float sea = c.Uniform(18, 26);
        c.AddTerrain(new SceneObject(ObjectKind.Sea, ScenePalette.Water, sea / 2, Size / 2, sea, Size));
        c.AddTerrain(new SceneObject(ObjectKind.ShallowWater, ScenePalette.Shallow, sea + 2, Size / 2, 4, Size));
        c.Reserve(0, 0, sea + 4, Size);
        var features = SceneFeatures.Sea;
        float sandEnd = Size;
        if (c.Chance(0.4))
        {
            sandEnd = Size - 9;
            c.AddTerrain(new SceneObject(ObjectKind.Land, ScenePalette.Grass, Size - 4.5f, Size / 2, 9, Size));
            for (float y = c.Uniform(3, 6); y < Size - 3; y += c.Uniform(7, 11))
                c.TryPlace(new SceneObject(ObjectKind.Tree, ScenePalette.TreeGreen, Size - 4.5f + c.Uniform(-1, 1), y, 5.5f, 5.5f), margin: 0);
            features |= SceneFeatures.Trees;
        }
        c.Reserve(sandEnd, 0, Size, Size);
        bool large = c.Chance(0.5);
        float d = large ? 5 : 4;
        var groupColor = GroupColor(c, UmbrellaColors, 0.3);
        SceneObject Umbrella(float x, float y) => new(ObjectKind.Umbrella, groupColor ?? c.Pick(UmbrellaColors), x, y, d, d);
        int count = c.Between(1, 6);
        ObjectArrangement arrangement;
        int rows = 0;
        if (count >= 3 && c.Chance(0.5))
        {
            // One line parallel to the shore (a row along the vertical axis before re-orientation).
            float x = c.Uniform(sea + 4 + 2 + d / 2 + 1, sandEnd - 2 - d / 2 - 1);
            float pitch = Math.Min(d + c.Uniform(3, 6), (Size - 4 - d) / (count - 1));
            float y0 = c.Uniform(2 + d / 2, Math.Max(2 + d / 2, Size - 2 - d / 2 - (count - 1) * pitch));
            for (int i = 0; i < count; i++)
                c.TryPlace(Umbrella(x, y0 + i * pitch));
            arrangement = ObjectArrangement.Rows;
            rows = 1;
        }
        else
        {
            for (int i = 0; i < count; i++)
                c.PlaceRandomly(Umbrella, sea + 4, 1, sandEnd, Size - 1);
            if (!c.Objects.Any(o => o.Kind == ObjectKind.Umbrella))
                c.Add(Umbrella((sea + 4 + sandEnd) / 2, Size / 2));
            arrangement = ObjectArrangement.Scattered;
        }
        var side = c.Pick(new[] { SceneRegion.Left, SceneRegion.Right, SceneRegion.Top, SceneRegion.Bottom });
        return new LayoutResult(ScenePalette.Sand, ObjectKind.Umbrella, arrangement, rows, large, features,
            side, SceneOrientation.FromLeftTo(side, c.Objects));
    }
}
