namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Summary of the objects that define a scene and that its captions describe.</summary>
/// <param name="Kind">Kind of the salient objects.</param>
/// <param name="Count">How many salient objects are drawn.</param>
/// <param name="Colors">Distinct colours of the salient objects, in first-drawn order.</param>
/// <param name="Arrangement">How they are laid out.</param>
/// <param name="Rows">Number of rows (or grid rows) when arranged in rows or a grid; otherwise 0.</param>
/// <param name="Region">Half of the image that holds all of them, or <see cref="SceneRegion.Anywhere"/>.</param>
/// <param name="IsLarge">True when drawn at the larger of the class's two sizes.</param>
public sealed record SalientGroup(
    ObjectKind Kind, int Count, IReadOnlyList<SceneColor> Colors, ObjectArrangement Arrangement,
    int Rows, SceneRegion Region, bool IsLarge);
