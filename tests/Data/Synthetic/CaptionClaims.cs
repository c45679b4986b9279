using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Data.Synthetic;

/// <summary>
/// A deliberately independent reading of captions: which counts, colours and sides a sentence
/// states. It knows English words, not the grammar's templates, so a template that says
/// something false about its scene is caught here.
/// </summary>
internal static class CaptionClaims
{
    public const string RowsNoun = "rows";

    private static readonly Dictionary<string, int> Numbers = new()
    {
        ["one"] = 1, ["single"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5,
        ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
    };

    /// <summary>Words that may stand between a number and its noun.</summary>
    private static readonly HashSet<string> Modifiers =
    [
        "large", "big", "small", "little", "white", "red", "blue", "yellow", "orange", "black", "green", "brown",
        "and", "storage", "oil", "factory", "oval", "running", "dark", "long",
    ];

    private static readonly Dictionary<string, string> Nouns = new()
    {
        ["plane"] = nameof(ObjectKind.Plane), ["planes"] = nameof(ObjectKind.Plane), ["airplane"] = nameof(ObjectKind.Plane),
        ["airplanes"] = nameof(ObjectKind.Plane), ["aircraft"] = nameof(ObjectKind.Plane),
        ["boat"] = nameof(ObjectKind.Boat), ["boats"] = nameof(ObjectKind.Boat), ["ship"] = nameof(ObjectKind.Boat),
        ["ships"] = nameof(ObjectKind.Boat), ["vessel"] = nameof(ObjectKind.Boat), ["vessels"] = nameof(ObjectKind.Boat),
        ["pier"] = nameof(ObjectKind.Pier), ["piers"] = nameof(ObjectKind.Pier),
        ["car"] = nameof(ObjectKind.Car), ["cars"] = nameof(ObjectKind.Car), ["vehicle"] = nameof(ObjectKind.Car), ["vehicles"] = nameof(ObjectKind.Car),
        ["tank"] = nameof(ObjectKind.StorageTank), ["tanks"] = nameof(ObjectKind.StorageTank),
        ["house"] = nameof(ObjectKind.House), ["houses"] = nameof(ObjectKind.House), ["home"] = nameof(ObjectKind.House), ["homes"] = nameof(ObjectKind.House),
        ["building"] = nameof(ObjectKind.Building), ["buildings"] = nameof(ObjectKind.Building),
        ["warehouse"] = nameof(ObjectKind.Building), ["warehouses"] = nameof(ObjectKind.Building),
        ["field"] = nameof(ObjectKind.Field), ["fields"] = nameof(ObjectKind.Field), ["plot"] = nameof(ObjectKind.Field), ["plots"] = nameof(ObjectKind.Field),
        ["umbrella"] = nameof(ObjectKind.Umbrella), ["umbrellas"] = nameof(ObjectKind.Umbrella), ["parasol"] = nameof(ObjectKind.Umbrella),
        ["parasols"] = nameof(ObjectKind.Umbrella), ["sunshade"] = nameof(ObjectKind.Umbrella), ["sunshades"] = nameof(ObjectKind.Umbrella),
        ["bridge"] = nameof(ObjectKind.Bridge), ["bridges"] = nameof(ObjectKind.Bridge),
        ["stadium"] = nameof(ObjectKind.Stadium), ["stadiums"] = nameof(ObjectKind.Stadium),
        ["track"] = nameof(ObjectKind.Stadium), ["tracks"] = nameof(ObjectKind.Stadium),
        ["row"] = RowsNoun, ["rows"] = RowsNoun,
    };

    /// <summary>Colour words whose presence must be backed by a salient object of that colour ("green" also names vegetation, so it is not checked).</summary>
    public static readonly HashSet<string> CheckedColors = ["white", "red", "blue", "yellow", "orange", "black", "brown"];

    /// <summary>Every "number (modifiers) noun" in the caption, as (noun key, number): noun key is an <see cref="ObjectKind"/> name or <see cref="RowsNoun"/>.</summary>
    public static IEnumerable<(string Noun, int Number)> Counts(string caption)
    {
        var words = Words(caption);
        for (int i = 0; i < words.Count; i++)
        {
            if (!Numbers.TryGetValue(words[i], out int number))
                continue;
            int j = i + 1;
            while (j < words.Count && Modifiers.Contains(words[j]))
                j++;
            if (j < words.Count && Nouns.TryGetValue(words[j], out var noun))
                yield return (noun, number);
        }
    }

    public static IEnumerable<string> Colors(string caption) => Words(caption).Where(CheckedColors.Contains);

    /// <summary>Sides a caption places something on ("left", "right", "top", "bottom"), ignoring directions such as "from left to right".</summary>
    public static IEnumerable<SceneRegion> Sides(string caption)
    {
        string text = caption.Replace("from left to right", "").Replace("from top to bottom", "");
        var words = Words(text);
        if (words.Contains("left")) yield return SceneRegion.Left;
        if (words.Contains("right")) yield return SceneRegion.Right;
        if (words.Contains("top") || words.Contains("upper")) yield return SceneRegion.Top;
        if (words.Contains("bottom") || words.Contains("lower")) yield return SceneRegion.Bottom;
    }

    public static List<string> Words(string caption) =>
        caption.Split([' ', ',', '.'], StringSplitOptions.RemoveEmptyEntries).ToList();
}
