namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Which kinds are discrete objects and which points an object covers, as <see cref="SceneRenderer"/> draws it.</summary>
internal static class ObjectShape
{
    /// <summary>Countable objects drawn as one blob each (planes, boats, cars, …); the rest are areas (terrain, fields, tree crowns, piers).</summary>
    public static bool IsDiscrete(ObjectKind kind) => kind is ObjectKind.Plane or ObjectKind.Boat or ObjectKind.Car
        or ObjectKind.StorageTank or ObjectKind.House or ObjectKind.Building or ObjectKind.Umbrella
        or ObjectKind.Stadium or ObjectKind.Bridge;

    /// <summary>
    /// Whether the object's drawn shape covers the point: an ellipse for the round kinds, otherwise the
    /// rotated rectangle (for a plane that is its full box, which over-states what it hides — callers
    /// use coverage only to require enough of something, so over-stating occlusion keeps claims true).
    /// </summary>
    public static bool Contains(SceneObject o, float x, float y)
    {
        // The renderer translates to the centre and rotates clockwise; undo both to get object coordinates.
        double rad = o.RotationDegrees * Math.PI / 180.0, dx = x - o.X, dy = y - o.Y;
        double cos = Math.Cos(rad), sin = Math.Sin(rad);
        double lx = dx * cos + dy * sin, ly = -dx * sin + dy * cos;
        double hw = o.Width / 2.0, hh = o.Height / 2.0;
        if (o.Kind is ObjectKind.Boat or ObjectKind.StorageTank or ObjectKind.Tree or ObjectKind.Umbrella or ObjectKind.Stadium)
            return lx * lx / (hw * hw) + ly * ly / (hh * hh) <= 1;
        return Math.Abs(lx) <= hw && Math.Abs(ly) <= hh;
    }
}
