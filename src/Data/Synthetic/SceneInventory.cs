namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>What a finished spec really shows, for the hard-variant captions: the shared things in its secondary band and in the whole image.</summary>
/// <remarks>
/// Discrete objects are whole wherever they are drawn (layouts keep them apart, the band never cuts one),
/// so they are counted from the spec; areas are measured with <see cref="Coverage"/>, primary layer outside
/// the band and secondary layer inside it.
/// </remarks>
internal static class SceneInventory
{
    /// <summary>The things shown inside the secondary band (empty without one).</summary>
    public static IReadOnlyList<Sighting> InBand(SceneSpec spec)
    {
        if (spec.Secondary is not { } secondary)
            return [];
        var band = secondary.Bounds;
        var seen = new List<Sighting>();
        foreach (var thing in SharedThings.InBand)
        {
            if (ReferenceEquals(thing, SharedThings.Trees) && seen.Any(s => ReferenceEquals(s.Thing, SharedThings.Forest)))
                continue;
            int count = thing.IsDiscrete
                ? secondary.Objects.Count(o => thing.Kinds.Contains(o.Kind))
                : Coverage.Cells(secondary.Objects, band, k => thing.Shows(k, secondary.Background)) >= thing.MinBandShare * band.Area ? AreaNumber(thing) : 0;
            if (count > 0)
                seen.Add(new Sighting(thing, count));
        }
        return seen;
    }

    /// <summary>The words-every-class-shares things shown anywhere in the image, clutter and secondary band included.</summary>
    public static IReadOnlyList<Sighting> InImage(SceneSpec spec)
    {
        var seen = new List<Sighting>();
        foreach (var thing in SharedThings.InImage)
        {
            int count = thing.IsDiscrete
                ? AllObjects(spec).Count(o => thing.Kinds.Contains(o.Kind))
                : ImageCells(spec, thing) >= thing.MinImageShare * DesignRect.Canvas.Area ? AreaNumber(thing) : 0;
            if (count > 0)
                seen.Add(new Sighting(thing, count));
        }
        return seen;
    }

    private static IEnumerable<SceneObject> AllObjects(SceneSpec spec) => spec.Objects.Concat(spec.Secondary?.Objects ?? []);

    private static int ImageCells(SceneSpec spec, SharedThing thing)
    {
        int cells = Coverage.Cells(spec.Objects, DesignRect.Canvas, k => thing.Shows(k, spec.Background), except: spec.Secondary?.Bounds);
        if (spec.Secondary is { } secondary)
            cells += Coverage.Cells(secondary.Objects, secondary.Bounds, k => thing.Shows(k, secondary.Background));
        return cells;
    }

    private static int AreaNumber(SharedThing thing) => thing.Singular.Length > 0 ? 1 : 2;
}
