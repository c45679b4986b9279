namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Mutable work area of the layout step: the objects placed so far and the random source.</summary>
/// <remarks>
/// Countable objects register their (rotated) bounding boxes so later ones keep a gap from them:
/// a gap of at least two design units keeps same-coloured objects separate blobs in the pixels,
/// which is what makes the counts in captions visible.
/// </remarks>
internal sealed class LayoutCanvas
{
    /// <summary>Minimum gap between countable objects, in design units.</summary>
    public const float ObjectGap = 2f;

    private const int MaxPlacementTries = 60;
    private readonly List<SceneObject> _objects = [];
    private readonly List<(float X0, float Y0, float X1, float Y1)> _occupied = [];

    public LayoutCanvas(Random random) => Random = random;

    /// <summary>The per-image random source; every layout choice draws from it, in a fixed order.</summary>
    public Random Random { get; }

    public IReadOnlyList<SceneObject> Objects => _objects;

    /// <summary>Adds an area object (terrain) that other objects may cover.</summary>
    public void AddTerrain(SceneObject terrain) => _objects.Add(terrain);

    /// <summary>Marks a rectangle that later countable objects must avoid (for example a road or river).</summary>
    public void Reserve(float x0, float y0, float x1, float y1) => _occupied.Add((x0, y0, x1, y1));

    /// <summary>Adds a countable object at a position the caller has already made collision-free (grids, rows).</summary>
    public void Add(SceneObject obj)
    {
        var (hw, hh) = obj.RotatedHalfExtents();
        _occupied.Add((obj.X - hw, obj.Y - hh, obj.X + hw, obj.Y + hh));
        _objects.Add(obj);
    }

    /// <summary>Adds a countable object if it fits inside the canvas margin without touching another; returns whether it was added.</summary>
    public bool TryPlace(SceneObject obj, float margin = 1f)
    {
        var (hw, hh) = obj.RotatedHalfExtents();
        float x0 = obj.X - hw, y0 = obj.Y - hh, x1 = obj.X + hw, y1 = obj.Y + hh;
        if (x0 < margin || y0 < margin || x1 > SceneSpec.CanvasSize - margin || y1 > SceneSpec.CanvasSize - margin)
            return false;
        foreach (var (ox0, oy0, ox1, oy1) in _occupied)
        {
            if (x0 < ox1 + ObjectGap && ox0 < x1 + ObjectGap && y0 < oy1 + ObjectGap && oy0 < y1 + ObjectGap)
                return false;
        }
        _occupied.Add((x0, y0, x1, y1));
        _objects.Add(obj);
        return true;
    }

    /// <summary>Tries random positions inside an area until the object fits; returns the placed object or null.</summary>
    public SceneObject? PlaceRandomly(Func<float, float, SceneObject> create, float x0, float y0, float x1, float y1)
    {
        for (int attempt = 0; attempt < MaxPlacementTries; attempt++)
        {
            var obj = create(Uniform(x0, x1), Uniform(y0, y1));
            if (TryPlace(obj))
                return obj;
        }
        return null;
    }

    public float Uniform(float min, float max) => min + (float)Random.NextDouble() * (max - min);

    /// <summary>Uniform integer in [min, max], both inclusive.</summary>
    public int Between(int min, int max) => Random.Next(min, max + 1);

    public bool Chance(double probability) => Random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];
}
