namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>A second scene class drawn over a band along one side of a hard-variant image.</summary>
/// <remarks>
/// The band is filled with the secondary class's ground colour and shows the part of that class's own
/// layout that falls inside it. Discrete objects are kept only when they lie wholly inside the band
/// (so each is one whole blob); areas such as fields, water or tree crowns are clipped to it.
/// </remarks>
/// <param name="SceneClass">The secondary class (never the image's own class).</param>
/// <param name="Side">Side of the image the band lies along.</param>
/// <param name="Depth">Width of the band across its side, in design units (under half the canvas, so the band lies within that half of the image).</param>
/// <param name="Background">Ground colour of the band.</param>
/// <param name="Objects">Objects drawn inside the band, in drawing order.</param>
public sealed record SecondaryRegion(string SceneClass, SceneRegion Side, float Depth, SceneColor Background, IReadOnlyList<SceneObject> Objects)
{
    /// <summary>Share of the image the band covers, 0–1.</summary>
    public double AreaFraction => Depth / SceneSpec.CanvasSize;

    internal DesignRect Bounds => DesignRect.Band(Side, Depth);
}
