namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Phrase building blocks for the captions of one scene: counts, nouns with synonyms, colours, places.</summary>
/// <remarks>
/// Number words are only used for counts up to <see cref="MaxSpelledCount"/>: larger groups are
/// hard to count at 64 px, so they are called "many". Colours are only ever those of the
/// salient objects.
/// </remarks>
internal sealed class CaptionContext
{
    /// <summary>Largest count a caption states as a number.</summary>
    public const int MaxSpelledCount = 6;

    private static readonly string[] NumberWords = ["zero", "one", "two", "three", "four", "five", "six"];

    public CaptionContext(SceneSpec spec, Random random)
    {
        Spec = spec;
        Random = random;
    }

    public SceneSpec Spec { get; }

    public Random Random { get; }

    public SalientGroup Salient => Spec.Salient;

    public int Count => Salient.Count;

    public bool Plural => Count > 1;

    public bool Has(SceneFeatures feature) => Spec.Features.HasFlag(feature);

    public string Pick(params string[] options) => options[Random.Next(options.Length)];

    public bool Chance(double probability) => Random.NextDouble() < probability;

    /// <summary>"is" or "are", agreeing with the salient count.</summary>
    public string Be => Plural ? "are" : "is";

    /// <summary>A spelled number for small counts (with "a"/"a single" for one), otherwise a "many" phrase.</summary>
    public string CountWord(int n) => n switch
    {
        1 => Pick("a", "one", "a single"),
        <= MaxSpelledCount => NumberWords[n],
        _ => Pick("many", "lots of", "a large number of", "dozens of"),
    };

    /// <summary>A spelled number only (no "a"), for counts of other things such as rows and piers.</summary>
    public static string Number(int n) => n <= MaxSpelledCount ? NumberWords[n] : "many";

    /// <summary>The salient colours as an adjective ("red", "red and white"), or null when there are more than two.</summary>
    public string? ColorAdjective => Salient.Colors.Count switch
    {
        1 => Salient.Colors[0].Name,
        2 => $"{Salient.Colors[0].Name} and {Salient.Colors[1].Name}",
        _ => null,
    };

    /// <summary>The salient noun, singular or plural to agree with the count, picking a synonym.</summary>
    public string Noun(string[] singular, string[] plural) => Plural ? plural[Random.Next(plural.Length)] : singular[Random.Next(singular.Length)];

    /// <summary>
    /// A noun phrase for the whole salient group: count word, optionally size and colour, noun.
    /// Without a stated count it uses "some"/"several", which are true for any group of that size.
    /// </summary>
    public string Group(string[] singular, string[] plural, bool withColor = true, bool withSize = false, bool withCount = true)
    {
        var words = new List<string>();
        if (withCount || !Plural)
            words.Add(CountWord(Count));
        else
            words.Add(Count >= 3 ? Pick("some", "several") : "some");
        if (withSize)
            words.Add(Salient.IsLarge ? Pick("large", "big") : Pick("small", "little"));
        if (withColor && ColorAdjective is { } color)
            words.Add(color);
        words.Add(Noun(singular, plural));
        return Fix(string.Join(' ', words));
    }

    /// <summary>"a row", "two rows", … for the salient row count.</summary>
    public string Rows() => Salient.Rows == 1 ? Pick("a row", "one row", "a single row", "a line") : $"{Number(Salient.Rows)} rows";

    /// <summary>Where the salient group is, as a prepositional phrase, or null when it spans the image.</summary>
    public string? Place() => PlaceOf(Salient.Region);

    /// <summary>A half of the image as a prepositional phrase ("on the left", "at the top of the image"), or null for <see cref="SceneRegion.Anywhere"/>.</summary>
    public string? PlaceOf(SceneRegion region) => region switch
    {
        SceneRegion.Left => Pick("on the left", "on the left side of the image", "in the left part of the picture"),
        SceneRegion.Right => Pick("on the right", "on the right side of the image", "in the right part of the picture"),
        SceneRegion.Top => Pick("at the top of the image", "in the upper part of the picture"),
        SceneRegion.Bottom => Pick("at the bottom of the image", "in the lower part of the picture"),
        _ => null,
    };

    /// <summary>A side as a noun phrase ("the left side", "the top").</summary>
    public static string Side(SceneRegion region) => region switch
    {
        SceneRegion.Left => "left",
        SceneRegion.Right => "right",
        SceneRegion.Top => "top",
        SceneRegion.Bottom => "bottom",
        _ => "middle",
    };

    /// <summary>The direction of the main linear element, or null when none is recorded.</summary>
    public string? Direction() =>
        Has(SceneFeatures.Vertical) ? Pick("vertically", "from top to bottom")
        : Has(SceneFeatures.Horizontal) ? Pick("horizontally", "from left to right")
        : Has(SceneFeatures.Diagonal) ? Pick("diagonally", "obliquely")
        : null;

    /// <summary>Turns "a" into "an" before a vowel sound.</summary>
    public static string Fix(string phrase) =>
        System.Text.RegularExpressions.Regex.Replace(phrase, @"\ba (?=[aeiou])", "an ");
}
