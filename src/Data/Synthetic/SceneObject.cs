namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>One drawn object of a synthetic scene.</summary>
/// <remarks>
/// Geometry is in design units of a <see cref="SceneSpec.CanvasSize"/>-unit square canvas,
/// independent of the rendered image side (the renderer scales it).
/// </remarks>
/// <param name="Kind">What the object is.</param>
/// <param name="Color">Its colour (for a stadium, the running-track colour).</param>
/// <param name="X">Centre, horizontal, in design units from the left.</param>
/// <param name="Y">Centre, vertical, in design units from the top.</param>
/// <param name="Width">Extent across, before rotation (for planes: wingspan).</param>
/// <param name="Height">Extent along, before rotation (for planes and boats: length).</param>
/// <param name="RotationDegrees">Clockwise rotation about the centre.</param>
/// <param name="IsClutter">True for distractor objects borrowed from other classes; captions never mention them.</param>
public sealed record SceneObject(
    ObjectKind Kind, SceneColor Color, float X, float Y, float Width, float Height,
    float RotationDegrees = 0, bool IsClutter = false)
{
    /// <summary>Half-extents of the axis-aligned box around the rotated object.</summary>
    internal (float HalfWidth, float HalfHeight) RotatedHalfExtents()
    {
        double rad = RotationDegrees * Math.PI / 180.0;
        double c = Math.Abs(Math.Cos(rad)), s = Math.Abs(Math.Sin(rad));
        return ((float)(Width / 2 * c + Height / 2 * s), (float)(Width / 2 * s + Height / 2 * c));
    }
}
