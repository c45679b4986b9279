namespace PriorClip.MLNet.Transforms.ZeroShot;

/// <summary>Settings of <c>mlContext.Transforms.PriorClipZeroShot(...)</c>.</summary>
public sealed class PriorClipZeroShotOptions
{
    /// <summary>
    /// Remote-sensing prompt templates (<c>{}</c> = the class name), averaged per class as CLIP does with its
    /// ImageNet ensemble; the phrasings are those remote-sensing CLIP papers evaluate zero-shot with.
    /// </summary>
    public static IReadOnlyList<string> RemoteSensingTemplates { get; } =
    [
        "a satellite photo of {}.",
        "an aerial photo of {}.",
        "a remote sensing image of {}.",
        "a satellite image of the {}.",
        "an aerial image of many {}.",
    ];

    /// <summary>Class names in label-index order (required). Underscores are read as spaces in prompts.</summary>
    public IReadOnlyList<string> ClassNames { get; set; } = [];

    /// <summary>Prompt templates with one <c>{}</c> each; default <see cref="RemoteSensingTemplates"/>.</summary>
    public IReadOnlyList<string> Templates { get; set; } = RemoteSensingTemplates;

    /// <summary>Input image embedding column (Vector&lt;Single, D&gt;, L2-normalised).</summary>
    public string ImageEmbeddingColumnName { get; set; } = "ImageEmbedding";

    /// <summary>Output: the best class, a key over <see cref="ClassNames"/> (MapKeyToValue gives the name).</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Output: class probabilities (Vector&lt;Single, K&gt;), softmax of <see cref="LogitScale"/> · cosine.</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Column the prompts are written to for the text encoder.</summary>
    public string CaptionColumnName { get; set; } = "Caption";

    /// <summary>Text embedding column the text encoder writes.</summary>
    public string TextEmbeddingColumnName { get; set; } = "TextEmbedding";

    /// <summary>Softmax temperature inverse; CLIP's zero-shot uses 100.</summary>
    public float LogitScale { get; set; } = 100f;

    internal void Validate()
    {
        if (ClassNames is null || ClassNames.Count < 2) throw new ArgumentException("ClassNames: at least two classes are needed.");
        var blank = ClassNames.Select((n, i) => (n, i)).FirstOrDefault(x => string.IsNullOrWhiteSpace(x.n));
        if (blank.n is not null || ClassNames.Contains(null!)) throw new ArgumentException($"ClassNames: entry {blank.i} is empty.");
        var duplicate = ClassNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"ClassNames: '{duplicate.Key}' appears {duplicate.Count()} times.");
        if (Templates is null || Templates.Count == 0) throw new ArgumentException("Templates: at least one template is needed.");
        var bad = Templates.FirstOrDefault(t => t is null || t.Split("{}").Length != 2);
        if (bad is not null || Templates.Contains(null!)) throw new ArgumentException($"Templates: '{bad}' must contain '{{}}' exactly once.");
        if (!(LogitScale > 0) || !float.IsFinite(LogitScale)) throw new ArgumentException($"LogitScale must be a positive number; got {LogitScale}.");
    }

    /// <summary>The prompt of <paramref name="template"/> for class <paramref name="className"/>.</summary>
    public static string Prompt(string template, string className) => template.Replace("{}", className.Replace('_', ' '), StringComparison.Ordinal);
}
