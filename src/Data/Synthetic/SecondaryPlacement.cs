namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Fits a secondary class's layout into one side band of a primary scene, or says it does not fit.</summary>
/// <remarks>
/// The band may only cover what no primary caption depends on. It must not touch any discrete primary
/// object, field or salient object (their counts, rows and sides are stated), and it may hide at most
/// <see cref="MaxHiddenShare"/> of a river, road, runway, sea, quay, apron or pier (captions mention
/// them). Clutter and garden trees under the band are removed from the spec, since they are no longer
/// drawn; a removed tree also withdraws the scene's "trees" feature.
/// </remarks>
internal static class SecondaryPlacement
{
    /// <summary>Largest share of a mentioned terrain element the band may hide.</summary>
    public const double MaxHiddenShare = 0.4;

    /// <summary>Share of the band the secondary class's salient area (trees, fields, river) must cover to be recognisable.</summary>
    public const double MinSalientAreaShare = 0.15;

    /// <summary>Gap kept between the band and the primary objects it must not touch, and between the band edge and whole secondary objects.</summary>
    private const float Gap = LayoutCanvas.ObjectGap / 2;

    /// <summary>The primary scene with <paramref name="secondary"/> drawn over the band, or null when the band would make a caption false or show too little of the secondary class.</summary>
    public static SceneSpec? TryPlace(SceneSpec primary, SceneSpec secondary, SceneRegion side, float depth)
    {
        var band = DesignRect.Band(side, depth);
        var near = band.Inflate(Gap);
        if (primary.Objects.Any(o => !o.IsClutter && IsProtected(o, primary) && DesignRect.Around(o).Intersects(near)))
            return null;
        if (primary.Objects.Any(o => IsMentionedTerrain(o.Kind) && Coverage.VisibleShare(o, band) < 1 - MaxHiddenShare))
            return null;

        var claimed = MixRules.ClaimedKinds(primary.SceneClass);
        var inside = band.Inflate(-Gap);
        var shown = secondary.Objects
            .Where(o => !claimed.Contains(o.Kind))
            .Where(o => ObjectShape.IsDiscrete(o.Kind) ? inside.Contains(DesignRect.Around(o)) : DesignRect.Around(o).Intersects(band))
            .ToList();
        if (!ShowsSalient(secondary.Salient.Kind, shown, band))
            return null;

        var kept = primary.Objects.Where(o => !(IsCoverable(o, primary) && DesignRect.Around(o).Intersects(near))).ToList();
        var features = primary.Features;
        if (kept.Count(o => o.Kind == ObjectKind.Tree) < primary.Objects.Count(o => o.Kind == ObjectKind.Tree))
            features &= ~SceneFeatures.Trees;
        return primary with
        {
            Objects = kept,
            Features = features,
            Secondary = new SecondaryRegion(secondary.SceneClass, side, depth, secondary.Background, shown),
        };
    }

    /// <summary>Objects whose count, row, side or shape a caption states.</summary>
    private static bool IsProtected(SceneObject o, SceneSpec primary) =>
        ObjectShape.IsDiscrete(o.Kind) || o.Kind == ObjectKind.Field || o.Kind == primary.Salient.Kind;

    /// <summary>Objects the band may hide and the spec then drops: clutter, and trees that are not the scene's subject.</summary>
    private static bool IsCoverable(SceneObject o, SceneSpec primary) =>
        o.IsClutter || o.Kind == ObjectKind.Tree && primary.Salient.Kind != ObjectKind.Tree;

    /// <summary>Terrain a caption mentions (piers by number too: a pier whose tip is hidden still shows and still counts).</summary>
    private static bool IsMentionedTerrain(ObjectKind kind) => kind is ObjectKind.River or ObjectKind.Road or ObjectKind.Runway
        or ObjectKind.Sea or ObjectKind.ShallowWater or ObjectKind.Pavement or ObjectKind.Apron or ObjectKind.Pier;

    /// <summary>At least one whole salient object, or enough visible salient area, lies in the band.</summary>
    private static bool ShowsSalient(ObjectKind salient, IReadOnlyList<SceneObject> shown, DesignRect band)
    {
        if (ObjectShape.IsDiscrete(salient))
            return shown.Any(o => o.Kind == salient);
        return Coverage.Cells(shown, band, k => k == salient) >= MinSalientAreaShare * band.Area;
    }
}
