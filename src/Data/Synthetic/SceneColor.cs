namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>A named sRGB colour used to paint scene objects.</summary>
/// <param name="Name">The word captions use for this colour (for example "red").</param>
/// <param name="R">Red channel, 0–255.</param>
/// <param name="G">Green channel, 0–255.</param>
/// <param name="B">Blue channel, 0–255.</param>
public readonly record struct SceneColor(string Name, byte R, byte G, byte B)
{
    /// <summary>Largest per-channel difference to another colour (Chebyshev distance).</summary>
    /// <param name="r">Red channel of the other colour.</param>
    /// <param name="g">Green channel of the other colour.</param>
    /// <param name="b">Blue channel of the other colour.</param>
    /// <returns>The distance, 0–255.</returns>
    public int DistanceTo(byte r, byte g, byte b) =>
        Math.Max(Math.Abs(R - r), Math.Max(Math.Abs(G - g), Math.Abs(B - b)));
}
