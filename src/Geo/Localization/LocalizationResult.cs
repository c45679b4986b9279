namespace PriorClip.MLNet.Geo.Localization;

/// <summary>One query localized in a scene: every tile's score as a grid, and the tiles ranked.</summary>
/// <param name="Query">The caption searched for.</param>
/// <param name="Tiles">The tile embeddings it was scored against.</param>
/// <param name="Grid">Scores as [grid rows, grid columns] (row-major): the raw heat map.</param>
/// <param name="Ranked">All tiles, best first.</param>
public sealed record LocalizationResult(string Query, SceneTileEmbeddings Tiles, float[] Grid, IReadOnlyList<LocalizedTile> Ranked)
{
    /// <summary>Score of the tile at a grid position.</summary>
    public float At(int row, int column) => Grid[row * Tiles.GridColumns + column];

    /// <summary>
    /// The heat map at scene resolution divided by <paramref name="step"/>: each cell is the mean score of the tiles that
    /// cover its centre, so overlapping tiles blend and the map follows the scene, not the tile grid. [height, width] row-major.
    /// </summary>
    public (float[] Values, int Width, int Height) Dense(int step)
    {
        var scene = Tiles.Scene;
        int w = Math.Max(1, scene.Width / step), h = Math.Max(1, scene.Height / step);
        var sum = new double[w * h];
        var count = new int[w * h];
        foreach (var t in Ranked)
        {
            var box = t.Tile;
            int x0 = box.X / step, x1 = Math.Min(w, (box.X + box.Width + step - 1) / step), y0 = box.Y / step, y1 = Math.Min(h, (box.Y + box.Height + step - 1) / step);
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    double cx = (x + 0.5) * step, cy = (y + 0.5) * step;
                    if (cx < box.X || cx >= box.X + box.Width || cy < box.Y || cy >= box.Y + box.Height) continue;
                    sum[y * w + x] += t.Score;
                    count[y * w + x]++;
                }
        }
        return (sum.Select((s, i) => count[i] == 0 ? float.NaN : (float)(s / count[i])).ToArray(), w, h);
    }
}
