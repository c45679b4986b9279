namespace PriorClip.MLNet.Geo.Tiling;

/// <summary>One tile of a scene: its place in the tile grid and its pixel box (x, y = top-left corner).</summary>
/// <param name="Index">Row-major index in the grid.</param>
/// <param name="Row">Grid row.</param>
/// <param name="Column">Grid column.</param>
/// <param name="X">Left edge in scene pixels.</param>
/// <param name="Y">Top edge in scene pixels.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record SceneTile(int Index, int Row, int Column, int X, int Y, int Width, int Height);
