namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Layouts of the transport classes: airport, harbor, parking lot, bridge.</summary>
internal static partial class SceneLayout
{
    private static readonly SceneColor[] PlaneColors = [ScenePalette.White, ScenePalette.Red, ScenePalette.Blue, ScenePalette.Yellow];
    private static readonly SceneColor[] BoatColors = [ScenePalette.White, ScenePalette.Red, ScenePalette.Yellow, ScenePalette.Orange];
    private static readonly SceneColor[] CarColors = [ScenePalette.White, ScenePalette.Red, ScenePalette.Blue, ScenePalette.Yellow, ScenePalette.Black];
    private static readonly SceneColor[] BridgeColors = [ScenePalette.White, ScenePalette.Red, ScenePalette.Yellow, ScenePalette.Orange];

    /// <summary>Planes parked on an apron, in one or two rows or scattered, beside a runway along the top or bottom.</summary>
    private static LayoutResult Airport(LayoutCanvas c)
    {
        bool runwayOnTop = c.Chance(0.5);
        float runwayY = runwayOnTop ? 7 : Size - 7;
        c.AddTerrain(new SceneObject(ObjectKind.Runway, ScenePalette.Runway, Size / 2, runwayY, Size, 9));
        float apronY0 = runwayOnTop ? 15 : 2, apronY1 = runwayOnTop ? Size - 2 : Size - 15;
        c.AddTerrain(new SceneObject(ObjectKind.Apron, ScenePalette.Concrete, Size / 2, (apronY0 + apronY1) / 2, Size - 4, apronY1 - apronY0));

        bool large = c.Chance(0.5);
        float span = large ? 12 : 9;
        var color = c.Pick(PlaneColors);
        SceneObject Plane(float x, float y, float rotation) => new(ObjectKind.Plane, color, x, y, span, span, rotation);
        var area = (X0: 3 + span / 2, Y0: apronY0 + 1 + span / 2, X1: Size - 3 - span / 2, Y1: apronY1 - 1 - span / 2);

        if (c.Chance(0.6))
        {
            int rows = c.Between(1, 2);
            float pitchX = span + 3, pitchY = span + 6;
            int perRowMax = Math.Min(Fit(area.X1 - area.X0, pitchX), 5);
            int count = c.Between(rows, Math.Min(perRowMax * rows, 8));
            float rotation = runwayOnTop ? 0 : 180; // noses towards the runway
            rows = PlaceRows(c, count, rows, pitchX, pitchY, area, (x, y) => Plane(x, y, rotation));
            return new LayoutResult(ScenePalette.Grass, ObjectKind.Plane, ObjectArrangement.Rows, rows, large, SceneFeatures.Runway);
        }
        int wanted = c.Between(1, 6);
        for (int i = 0; i < wanted; i++)
        {
            float rotation = c.Uniform(0, 360);
            c.PlaceRandomly((x, y) => Plane(x, y, rotation), area.X0, area.Y0, area.X1, area.Y1);
        }
        if (!c.Objects.Any(o => o.Kind == ObjectKind.Plane))
            c.Add(Plane((area.X0 + area.X1) / 2, (area.Y0 + area.Y1) / 2, 0));
        return new LayoutResult(ScenePalette.Grass, ObjectKind.Plane, ObjectArrangement.Scattered, 0, large, SceneFeatures.Runway);
    }

    /// <summary>Boats moored along one to three piers that reach from a quay into the water; laid out with the quay on the left, then mirrored.</summary>
    private static LayoutResult Harbor(LayoutCanvas c)
    {
        float quay = c.Between(10, 14);
        c.AddTerrain(new SceneObject(ObjectKind.Pavement, ScenePalette.Concrete, quay / 2, Size / 2, quay, Size));
        int piers = c.Between(1, 3);
        float pitch = Size / piers;
        bool large = c.Chance(0.5);
        float beam = large ? 4 : 3, length = large ? 9 : 7;
        var groupColor = GroupColor(c, BoatColors, 0.3);
        var slots = new List<(float X, float Y)>();
        for (int p = 0; p < piers; p++)
        {
            float pierY = pitch * (p + 0.5f) + c.Uniform(-2, 2);
            float pierLength = c.Uniform(28, 42);
            c.AddTerrain(new SceneObject(ObjectKind.Pier, ScenePalette.PierWood, quay + pierLength / 2, pierY, pierLength, 3));
            foreach (int sign in new[] { -1, 1 })
            {
                float y = pierY + sign * (1.5f + 1 + beam / 2);
                if (y - beam / 2 < 1 || y + beam / 2 > Size - 1)
                    continue;
                for (float x = quay + 3 + length / 2; x + length / 2 <= quay + pierLength; x += length + 2.5f)
                    slots.Add((x, y));
            }
        }
        int count = Math.Min(c.Between(1, 8), slots.Count);
        for (int i = 0; i < count; i++)
        {
            int pick = c.Random.Next(slots.Count);
            var (x, y) = slots[pick];
            slots.RemoveAt(pick);
            c.TryPlace(new SceneObject(ObjectKind.Boat, groupColor ?? c.Pick(BoatColors), x, y, beam, length, 90));
        }
        var side = c.Chance(0.5) ? SceneRegion.Left : SceneRegion.Right;
        return new LayoutResult(ScenePalette.Water, ObjectKind.Boat, ObjectArrangement.Along, 0, large, SceneFeatures.None,
            side, SceneOrientation.FromLeftTo(side, c.Objects));
    }

    /// <summary>Cars parked in one to three rows on an asphalt lot.</summary>
    private static LayoutResult ParkingLot(LayoutCanvas c)
    {
        float inset = c.Uniform(1, 6);
        c.AddTerrain(new SceneObject(ObjectKind.Pavement, ScenePalette.Asphalt, Size / 2, Size / 2, Size - 2 * inset, Size - 2 * inset));
        bool large = c.Chance(0.5);
        float w = large ? 4 : 3, h = large ? 6 : 5;
        int rows = c.Between(1, 3);
        var groupColor = GroupColor(c, CarColors, 0.3);
        float pitchX = w + 2.5f, pitchY = h + c.Uniform(5, 9);
        var area = (X0: inset + 2 + w / 2, Y0: inset + 2 + h / 2, X1: Size - inset - 2 - w / 2, Y1: Size - inset - 2 - h / 2);
        if (c.Chance(0.3)) // keep the cars to one half so "on the left/right" can be said
        {
            bool left = c.Chance(0.5);
            area = left ? (area.X0, area.Y0, Size / 2 - 1 - w / 2, area.Y1) : (Size / 2 + 1 + w / 2, area.Y0, area.X1, area.Y1);
        }
        int perRowMax = Fit(area.X1 - area.X0, pitchX);
        int count = c.Between(rows, Math.Min(perRowMax * rows, 18));
        rows = PlaceRows(c, count, rows, pitchX, pitchY, area,
            (x, y) => new SceneObject(ObjectKind.Car, groupColor ?? c.Pick(CarColors), x, y, w, h));
        return new LayoutResult(ScenePalette.Grass, ObjectKind.Car, ObjectArrangement.Rows, rows, large, SceneFeatures.None);
    }

    /// <summary>One or two bridges crossing a river, with roads leading to them; laid out with a vertical river, then transposed half the time.</summary>
    private static LayoutResult Bridge(LayoutCanvas c)
    {
        float riverWidth = c.Uniform(12, 18), riverX = Size / 2 + c.Uniform(-6, 6);
        c.AddTerrain(new SceneObject(ObjectKind.River, ScenePalette.Water, riverX, Size / 2, riverWidth, Size + 8));
        int count = c.Chance(0.7) ? 1 : 2;
        var color = c.Pick(BridgeColors);
        bool large = c.Chance(0.5);
        float deck = large ? 5 : 3.5f, span = riverWidth + 10;
        var ys = count == 1 ? new[] { c.Uniform(10, Size - 10) } : new[] { c.Uniform(8, 24), c.Uniform(40, Size - 8) };
        foreach (float y in ys)
        {
            // Roads run from the canvas edges to the bridge ends; the deck covers the gap over the water.
            float leftEnd = riverX - span / 2, rightEnd = riverX + span / 2;
            c.AddTerrain(new SceneObject(ObjectKind.Road, ScenePalette.Asphalt, leftEnd / 2, y, leftEnd + 1, deck - 1));
            c.AddTerrain(new SceneObject(ObjectKind.Road, ScenePalette.Asphalt, (rightEnd + Size) / 2, y, Size - rightEnd + 1, deck - 1));
            c.Add(new SceneObject(ObjectKind.Bridge, color, riverX, y, deck, span, 90));
        }
        bool transpose = c.Chance(0.5);
        var objects = transpose ? c.Objects.Select(SceneOrientation.Transpose).ToList() : c.Objects.ToList();
        var features = SceneFeatures.River | (transpose ? SceneFeatures.Horizontal : SceneFeatures.Vertical);
        return new LayoutResult(ScenePalette.Grass, ObjectKind.Bridge, ObjectArrangement.Scattered, 0, large, features, Objects: objects);
    }
}
