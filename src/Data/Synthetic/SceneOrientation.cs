namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Re-orients a finished layout, so a class can be laid out once (for example sea on the left) and shown from all four sides.</summary>
internal static class SceneOrientation
{
    private const float Size = SceneSpec.CanvasSize;

    /// <summary>Maps a layout built with its backdrop on the left to a backdrop on <paramref name="side"/>.</summary>
    public static List<SceneObject> FromLeftTo(SceneRegion side, IEnumerable<SceneObject> objects) => side switch
    {
        SceneRegion.Left => objects.ToList(),
        SceneRegion.Right => objects.Select(MirrorX).ToList(),
        SceneRegion.Top => objects.Select(Transpose).ToList(),
        SceneRegion.Bottom => objects.Select(o => MirrorY(Transpose(o))).ToList(),
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "A backdrop side must be left, right, top or bottom."),
    };

    /// <summary>Reflects across the vertical centre line.</summary>
    public static SceneObject MirrorX(SceneObject o) => o with { X = Size - o.X, RotationDegrees = Normalize(-o.RotationDegrees) };

    /// <summary>Reflects across the horizontal centre line.</summary>
    public static SceneObject MirrorY(SceneObject o) => o with { Y = Size - o.Y, RotationDegrees = Normalize(180 - o.RotationDegrees) };

    /// <summary>Reflects across the main diagonal: rows become columns.</summary>
    public static SceneObject Transpose(SceneObject o) =>
        o with { X = o.Y, Y = o.X, Width = o.Width, Height = o.Height, RotationDegrees = Normalize(90 - o.RotationDegrees) };

    private static float Normalize(float degrees) => ((degrees % 360) + 360) % 360;
}
