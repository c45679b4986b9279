namespace PriorClip.MLNet.Geo.Tiling;

/// <summary>
/// Cuts a scene into square tiles of a given size that overlap by a given number of pixels. Tiles start at the top-left
/// corner every <c>size − overlap</c> pixels; when that does not reach an edge exactly, one more tile is placed flush with
/// it, so every pixel is covered and no tile reaches past the scene. A scene smaller than a tile is one tile of its size.
/// </summary>
public static class SceneTiler
{
    /// <summary>The tiles of a <paramref name="width"/> × <paramref name="height"/> scene, row-major.</summary>
    public static IReadOnlyList<SceneTile> Tiles(int width, int height, int size, int overlap)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"the scene must have pixels, got {width} × {height}");
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"tile size must be positive, got {size}");
        if (overlap < 0 || overlap >= size) throw new ArgumentOutOfRangeException(nameof(overlap), $"overlap must be in [0, {size}), got {overlap}");
        var xs = Starts(width, size, size - overlap);
        var ys = Starts(height, size, size - overlap);
        var tiles = new List<SceneTile>(xs.Count * ys.Count);
        for (int r = 0; r < ys.Count; r++)
            for (int c = 0; c < xs.Count; c++)
                tiles.Add(new SceneTile(tiles.Count, r, c, xs[c], ys[r], Math.Min(size, width), Math.Min(size, height)));
        return tiles;
    }

    /// <summary>Rows and columns of the grid <see cref="Tiles"/> makes.</summary>
    public static (int Rows, int Columns) GridSize(int width, int height, int size, int overlap) =>
        (Starts(height, size, size - overlap).Count, Starts(width, size, size - overlap).Count);

    static List<int> Starts(int length, int size, int stride)
    {
        if (length <= size) return [0];
        var starts = new List<int>();
        for (int s = 0; s + size <= length; s += stride) starts.Add(s);
        if (starts[^1] + size < length) starts.Add(length - size);
        return starts;
    }
}
