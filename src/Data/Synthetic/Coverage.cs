namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>What is visible where: samples a layer of objects on the unit cells of the design canvas.</summary>
/// <remarks>
/// Captions of the hard variant name an area (water, farmland, trees) only when enough of it shows.
/// A cell's centre is tested against the objects from the last drawn back to the first, so an object
/// counts only where nothing drawn later hides it — the same order <see cref="SceneRenderer"/> paints in.
/// </remarks>
internal static class Coverage
{
    /// <summary>
    /// Number of unit cells of <paramref name="area"/> (outside <paramref name="except"/>) whose topmost drawn
    /// thing satisfies <paramref name="isMaterial"/>; the predicate gets null where only the ground shows.
    /// </summary>
    public static int Cells(IReadOnlyList<SceneObject> layer, DesignRect area, Func<ObjectKind?, bool> isMaterial, DesignRect? except = null)
    {
        var boxes = layer.Select(DesignRect.Around).ToArray();
        int count = 0;
        for (int y = (int)Math.Floor(area.Y0); y < (int)Math.Ceiling(area.Y1); y++)
        {
            for (int x = (int)Math.Floor(area.X0); x < (int)Math.Ceiling(area.X1); x++)
            {
                float cx = x + 0.5f, cy = y + 0.5f;
                if (!area.Contains(cx, cy) || except is { } hole && hole.Contains(cx, cy))
                    continue;
                if (isMaterial(TopmostKind(layer, boxes, cx, cy)))
                    count++;
            }
        }
        return count;
    }

    /// <summary>Share (0–1) of the object's own cells on the canvas that lie outside <paramref name="hidden"/>.</summary>
    public static double VisibleShare(SceneObject o, DesignRect hidden)
    {
        var box = DesignRect.Around(o);
        var onCanvas = new DesignRect(Math.Max(0, box.X0), Math.Max(0, box.Y0), Math.Min(SceneSpec.CanvasSize, box.X1), Math.Min(SceneSpec.CanvasSize, box.Y1));
        int all = Cells([o], onCanvas, k => k is not null);
        int shown = Cells([o], onCanvas, k => k is not null, except: hidden);
        return all == 0 ? 0 : shown / (double)all;
    }

    private static ObjectKind? TopmostKind(IReadOnlyList<SceneObject> layer, DesignRect[] boxes, float x, float y)
    {
        for (int i = layer.Count - 1; i >= 0; i--)
        {
            if (boxes[i].Contains(x, y) && ObjectShape.Contains(layer[i], x, y))
                return layer[i].Kind;
        }
        return null;
    }
}
