namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>An axis-aligned rectangle on the design canvas, in design units (x to the right, y down).</summary>
internal readonly record struct DesignRect(float X0, float Y0, float X1, float Y1)
{
    /// <summary>The whole design canvas.</summary>
    public static DesignRect Canvas => new(0, 0, SceneSpec.CanvasSize, SceneSpec.CanvasSize);

    /// <summary>The band of <paramref name="depth"/> units along one side of the canvas.</summary>
    public static DesignRect Band(SceneRegion side, float depth)
    {
        const float size = SceneSpec.CanvasSize;
        return side switch
        {
            SceneRegion.Left => new(0, 0, depth, size),
            SceneRegion.Right => new(size - depth, 0, size, size),
            SceneRegion.Top => new(0, 0, size, depth),
            SceneRegion.Bottom => new(0, size - depth, size, size),
            _ => throw new ArgumentOutOfRangeException(nameof(side), side, "A band lies along the left, right, top or bottom side."),
        };
    }

    /// <summary>The box around an object after its rotation.</summary>
    public static DesignRect Around(SceneObject o)
    {
        var (hw, hh) = o.RotatedHalfExtents();
        return new(o.X - hw, o.Y - hh, o.X + hw, o.Y + hh);
    }

    public float Area => Math.Max(0, X1 - X0) * Math.Max(0, Y1 - Y0);

    /// <summary>The rectangle grown by <paramref name="by"/> on every side (shrunk when negative).</summary>
    public DesignRect Inflate(float by) => new(X0 - by, Y0 - by, X1 + by, Y1 + by);

    /// <summary>True when the interiors overlap (touching edges do not count).</summary>
    public bool Intersects(DesignRect other) => X0 < other.X1 && other.X0 < X1 && Y0 < other.Y1 && other.Y0 < Y1;

    public bool Contains(DesignRect other) => other.X0 >= X0 && other.X1 <= X1 && other.Y0 >= Y0 && other.Y1 <= Y1;

    public bool Contains(float x, float y) => x >= X0 && x < X1 && y >= Y0 && y < Y1;
}
