using PriorClip.MLNet.Data.Synthetic;
using SkiaSharp;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>Connected regions (8-connected) of pixels close to one colour.</summary>
internal static class ColorBlobs
{
    /// <summary>Largest per-channel difference for a pixel to count as the colour: well below the ~40-level gap between palette and terrain colours.</summary>
    public const int Tolerance = 24;

    /// <summary>Sizes of the blobs of <paramref name="color"/> with at least <paramref name="minPixels"/> pixels.</summary>
    public static List<int> Sizes(SKBitmap bitmap, SceneColor color, int minPixels)
    {
        int w = bitmap.Width, h = bitmap.Height;
        var match = new bool[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                var p = bitmap.GetPixel(x, y);
                match[y * w + x] = color.DistanceTo(p.Red, p.Green, p.Blue) <= Tolerance;
            }
        }
        var sizes = new List<int>();
        var seen = new bool[w * h];
        var stack = new Stack<int>();
        for (int start = 0; start < match.Length; start++)
        {
            if (!match[start] || seen[start])
                continue;
            int size = 0;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                size++;
                int cx = i % w, cy = i / w;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = cx + dx, ny = cy + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                            continue;
                        int n = ny * w + nx;
                        if (match[n] && !seen[n])
                        {
                            seen[n] = true;
                            stack.Push(n);
                        }
                    }
                }
            }
            if (size >= minPixels)
                sizes.Add(size);
        }
        return sizes;
    }
}
