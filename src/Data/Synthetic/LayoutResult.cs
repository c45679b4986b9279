namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>What a class layout decided besides the objects it placed on the canvas.</summary>
/// <remarks><see cref="Objects"/> replaces the canvas's objects when the layout re-oriented them afterwards.</remarks>
internal sealed record LayoutResult(
    SceneColor Background,
    ObjectKind SalientKind,
    ObjectArrangement Arrangement,
    int Rows,
    bool IsLarge,
    SceneFeatures Features,
    SceneRegion BackdropRegion = SceneRegion.Anywhere,
    IReadOnlyList<SceneObject>? Objects = null);
