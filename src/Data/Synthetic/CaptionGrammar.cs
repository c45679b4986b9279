namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Writes the five distinct captions of a scene: mostly specific ones from <see cref="CaptionTemplates"/>, some generic ones as in RSICD.</summary>
internal static class CaptionGrammar
{
    /// <summary>Captions per image, as in RSICD and RSITMD.</summary>
    public const int CaptionsPerImage = 5;

    private const int TriesPerCaption = 30;

    /// <summary>Class nouns with synonyms, for the generic captions.</summary>
    private static readonly Dictionary<string, string[]> ClassNouns = new()
    {
        [SceneClasses.Airport] = ["airport"],
        [SceneClasses.Harbor] = ["harbor", "port"],
        [SceneClasses.Farmland] = ["farmland", "farm"],
        [SceneClasses.Forest] = ["forest", "woodland"],
        [SceneClasses.Residential] = ["residential area", "neighborhood"],
        [SceneClasses.River] = ["river"],
        [SceneClasses.Beach] = ["beach", "seaside"],
        [SceneClasses.ParkingLot] = ["parking lot", "car park"],
        [SceneClasses.StorageTanks] = ["storage tank area", "oil depot"],
        [SceneClasses.Stadium] = ["stadium", "sports ground"],
        [SceneClasses.Industrial] = ["industrial area", "factory zone"],
        [SceneClasses.Bridge] = ["bridge"],
    };

    private static readonly string[] GenericPatterns =
    [
        "this is a {0}", "it is a {0}", "there is a {0} in the picture", "this image shows a {0}",
        "a {0} is shown in the picture", "this is a picture of a {0}", "we can see a {0} from above",
    ];

    /// <summary>Five distinct captions; each is generic with probability <paramref name="genericFraction"/>.</summary>
    public static IReadOnlyList<string> Write(SceneSpec spec, Random random, double genericFraction)
    {
        var context = new CaptionContext(spec, random);
        var captions = new List<string>(CaptionsPerImage);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int slot = 0; slot < CaptionsPerImage; slot++)
        {
            bool generic = random.NextDouble() < genericFraction;
            string? caption = generic ? null : Draw(() => Specific(context), seen);
            caption ??= Draw(() => Generic(context), seen);
            caption ??= AllGeneric(spec.SceneClass).First(c => !seen.Contains(c));
            seen.Add(caption);
            captions.Add(caption);
        }
        return captions;
    }

    /// <summary>Formats a caption the RSICD way: lower case, single spaces, " ." at the end.</summary>
    public static string ToRaw(string caption) =>
        string.Join(' ', caption.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)) + " .";

    /// <summary>A caption from <paramref name="make"/> that is not in <paramref name="seen"/> yet, or null after a fixed number of tries.</summary>
    public static string? Draw(Func<string> make, HashSet<string> seen)
    {
        for (int i = 0; i < TriesPerCaption; i++)
        {
            string candidate = ToRaw(make());
            if (!seen.Contains(candidate))
                return candidate;
        }
        return null;
    }

    private static string Specific(CaptionContext context)
    {
        var candidates = CaptionTemplates.For(context).ToList();
        return candidates[context.Random.Next(candidates.Count)];
    }

    private static string Generic(CaptionContext context)
    {
        var extras = GenericExtras(context.Spec).ToList();
        int pick = context.Random.Next(GenericPatterns.Length + extras.Count);
        if (pick >= GenericPatterns.Length)
            return extras[pick - GenericPatterns.Length];
        return CaptionContext.Fix(string.Format(GenericPatterns[pick], context.Pick(ClassNouns[context.Spec.SceneClass])));
    }

    /// <summary>Every plain generic caption of a class: a fallback that always holds more than five distinct sentences.</summary>
    private static IEnumerable<string> AllGeneric(string sceneClass) =>
        from pattern in GenericPatterns
        from noun in ClassNouns[sceneClass]
        select ToRaw(CaptionContext.Fix(string.Format(pattern, noun)));

    /// <summary>Generic but class-typical sentences (as in RSICD), only where they hold for this scene.</summary>
    private static IEnumerable<string> GenericExtras(SceneSpec spec)
    {
        int n = spec.Salient.Count;
        switch (spec.SceneClass)
        {
            case SceneClasses.Airport when n >= 2: yield return "some planes are at the airport"; break;
            case SceneClasses.Harbor when n >= 2: yield return "some boats are in the harbor"; break;
            case SceneClasses.Residential when n >= 4: yield return "many buildings are in the scene"; break;
            case SceneClasses.Industrial when n >= 4: yield return "many buildings are in the scene"; break;
            case SceneClasses.Forest when spec.Features.HasFlag(SceneFeatures.Dense): yield return "many green trees are in the forest"; break;
            case SceneClasses.ParkingLot when n > CaptionContext.MaxSpelledCount: yield return "many cars are parked here"; break;
            case SceneClasses.Beach: yield return "this is a beach next to the sea"; break;
            case SceneClasses.River: yield return "a river is in the picture"; break;
        }
    }
}
