namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>The caption step of the hard variant: swaps some of the five captions for sentences in the shared vocabulary.</summary>
/// <remarks>
/// <para>Two kinds of sentence, both built only from <see cref="SceneInventory"/>, i.e. from what is drawn:
/// band sentences name what the secondary region shows and on which side ("some cars are on the left",
/// "there is farmland at the top of the image"); scene sentences name shared things anywhere in the image,
/// clutter included, with the same phrasings for every class ("buildings and green trees can be seen in
/// the image"). They use no numbers and no colour but green, so nothing they say can contradict the
/// class captions' counts and colours.</para>
/// <para>A mixed scene always gets one band sentence; every other slot is swapped with probability
/// <see cref="SwapProbability"/>, up to <see cref="MaxSharedSentences"/> in all. Runs after <see cref="CaptionGrammar.Write"/> on the same random source.</para>
/// </remarks>
internal static class HardCaptions
{
    /// <summary>Chance that a caption slot (besides the one band sentence of a mixed scene) becomes a shared-vocabulary sentence.</summary>
    public const double SwapProbability = 0.3;

    /// <summary>Most shared-vocabulary sentences per image: at least three captions stay class captions, so the text still tells the scene.</summary>
    public const int MaxSharedSentences = 2;

    private static readonly string[] BandPatterns = ["{0} {1} {2}", "there {1} {0} {2}", "{2} there {1} {0}"];

    private static readonly string[] ScenePatterns =
        ["{0} can be seen in the image", "there {1} {0} in the scene", "the image shows {0}", "{0} {1} visible from above"];

    /// <summary>The captions with some slots replaced; still five distinct sentences.</summary>
    public static IReadOnlyList<string> Blend(IReadOnlyList<string> captions, SceneSpec spec, Random random)
    {
        var context = new CaptionContext(spec, random);
        var inBand = SceneInventory.InBand(spec);
        var inImage = SceneInventory.InImage(spec);
        var result = captions.ToList();
        var seen = new HashSet<string>(result, StringComparer.Ordinal);
        bool bandNamed = false;
        int swapped = 0;
        // Slots in random order, so swapped sentences land anywhere among the five.
        foreach (int slot in RandomOrder.Shuffled(Enumerable.Range(0, result.Count).ToArray(), random))
        {
            if (swapped == MaxSharedSentences)
                break;
            bool mustNameBand = inBand.Count > 0 && !bandNamed;
            if (!mustNameBand && random.NextDouble() >= SwapProbability)
                continue;
            bool band = mustNameBand || inBand.Count > 0 && (inImage.Count == 0 || context.Chance(0.5));
            if (!band && inImage.Count == 0)
                continue;
            string? line = CaptionGrammar.Draw(() => band ? BandSentence(context, inBand, spec.Secondary!.Side) : SceneSentence(context, inImage), seen);
            if (line is null)
                continue;
            seen.Remove(result[slot]);
            seen.Add(line);
            result[slot] = line;
            bandNamed |= band;
            swapped++;
        }
        return result;
    }

    private static string BandSentence(CaptionContext c, IReadOnlyList<Sighting> things, SceneRegion side)
    {
        var (phrase, plural) = NounPhrase(c, things);
        return CaptionContext.Fix(string.Format(c.Pick(BandPatterns), phrase, plural ? "are" : "is", c.PlaceOf(side)));
    }

    private static string SceneSentence(CaptionContext c, IReadOnlyList<Sighting> things)
    {
        var (phrase, plural) = NounPhrase(c, things);
        return CaptionContext.Fix(string.Format(c.Pick(ScenePatterns), phrase, plural ? "are" : "is"));
    }

    /// <summary>One thing, or two joined by "and" (then the verb is plural).</summary>
    private static (string Phrase, bool Plural) NounPhrase(CaptionContext c, IReadOnlyList<Sighting> things)
    {
        var first = things[c.Random.Next(things.Count)];
        if (things.Count < 2 || !c.Chance(0.4))
            return (Words(c, first), first.IsPlural);
        var second = things.Where(t => !ReferenceEquals(t, first)).ElementAt(c.Random.Next(things.Count - 1));
        return ($"{Words(c, first)} and {Words(c, second)}", true);
    }

    private static string Words(CaptionContext c, Sighting s) => c.Pick(s.IsPlural ? s.Thing.Plural : s.Thing.Singular);
}
