namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>The layout step of the hard variant: lays out a scene and, for some images, a second class over a side band.</summary>
/// <remarks>
/// <para>Runs only for <see cref="SyntheticDifficulty.Hard"/>, in place of <see cref="SceneLayout.Create"/>, on the
/// same per-image random source; the standard path never comes here, so it gains no draw.</para>
/// <para>Half of the secondary classes come from the ground covers (forest, farmland, river) — the large
/// distractor patches of real scenes — the rest from any compatible class (<see cref="MixRules"/>). For each
/// side, in random order, the primary class is laid out with the band kept clear and the secondary class
/// with everything but the band kept clear, so objects placed by trial land where they stay whole; the
/// first pair that <see cref="SecondaryPlacement"/> accepts wins. Layouts that place by grid (farmland,
/// dense forest) or re-orient afterwards fit less often; a scene where no side fits is laid out plainly.</para>
/// </remarks>
internal static class SceneMixer
{
    /// <summary>Share of images for which a secondary region is attempted.</summary>
    public const double MixProbability = 0.8;

    /// <summary>Share of attempts whose secondary class is a ground cover.</summary>
    public const double GroundCoverShare = 0.5;

    /// <summary>Band depth range, in design units: 31–41 % of the image, always inside one half.</summary>
    public const int MinDepth = 20, MaxDepth = 26;

    private static readonly string[] GroundCovers = [SceneClasses.Forest, SceneClasses.Farmland, SceneClasses.River];

    private static readonly SceneRegion[] Sides = [SceneRegion.Left, SceneRegion.Right, SceneRegion.Top, SceneRegion.Bottom];

    /// <summary>A scene of <paramref name="sceneClass"/>, with a secondary region when one is drawn and fits.</summary>
    public static SceneSpec Create(string sceneClass, Random random, double clutterProbability)
    {
        if (random.NextDouble() >= MixProbability)
            return SceneLayout.Create(sceneClass, random, clutterProbability);
        var candidates = MixRules.SecondaryClasses(sceneClass);
        var grounds = candidates.Where(GroundCovers.Contains).ToList();
        var pool = grounds.Count > 0 && random.NextDouble() < GroundCoverShare ? grounds : candidates;
        string secondaryClass = pool[random.Next(pool.Count)];
        int depth = random.Next(MinDepth, MaxDepth + 1);
        foreach (var side in RandomOrder.Shuffled(Sides, random))
        {
            var band = DesignRect.Band(side, depth);
            var primary = SceneLayout.TryCreate(sceneClass, random, clutterProbability, keepClear: band);
            // The secondary is a whole scene of its class with its own clutter off (the primary's suffices).
            var secondary = SceneLayout.TryCreate(secondaryClass, random, clutterProbability: 0, keepClear: Rest(side, depth));
            if (primary is not null && secondary is not null && SecondaryPlacement.TryPlace(primary, secondary, side, depth) is { } mixed)
                return mixed;
        }
        return SceneLayout.Create(sceneClass, random, clutterProbability);
    }

    /// <summary>The canvas outside the band: a rectangle too, since the band runs along a whole side.</summary>
    private static DesignRect Rest(SceneRegion side, int depth) =>
        DesignRect.Band(side switch
        {
            SceneRegion.Left => SceneRegion.Right,
            SceneRegion.Right => SceneRegion.Left,
            SceneRegion.Top => SceneRegion.Bottom,
            _ => SceneRegion.Top,
        }, SceneSpec.CanvasSize - depth);
}
