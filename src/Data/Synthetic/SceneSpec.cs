namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>The full, renderable description of one synthetic scene.</summary>
/// <remarks>
/// A spec is produced from a per-image seed by the layout step; the renderer turns it into
/// pixels and the caption grammar into sentences, so every stated attribute comes from here.
/// </remarks>
/// <param name="SceneClass">Scene class name (see <see cref="SceneClasses"/>).</param>
/// <param name="Background">Ground colour under everything.</param>
/// <param name="Objects">Objects in drawing order (terrain first, clutter last).</param>
/// <param name="Salient">The objects the captions are about.</param>
/// <param name="Features">Context elements captions may mention.</param>
/// <param name="BackdropRegion">Side holding the class's backdrop (sea of a beach, land of a harbour), or <see cref="SceneRegion.Anywhere"/>.</param>
public sealed record SceneSpec(
    string SceneClass, SceneColor Background, IReadOnlyList<SceneObject> Objects,
    SalientGroup Salient, SceneFeatures Features, SceneRegion BackdropRegion)
{
    /// <summary>Another class drawn over a side band (hard variant only); null in the standard set.</summary>
    /// <remarks>Not part of <see cref="Objects"/>: <see cref="ObjectsOf"/> and <see cref="Salient"/> describe the image's own class.</remarks>
    public SecondaryRegion? Secondary { get; init; }

    /// <summary>Side of the square design canvas, in design units.</summary>
    public const int CanvasSize = 64;

    /// <summary>The non-clutter objects of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind to select.</param>
    /// <returns>The matching objects, in drawing order.</returns>
    public IEnumerable<SceneObject> ObjectsOf(ObjectKind kind) =>
        Objects.Where(o => o.Kind == kind && !o.IsClutter);
}
