using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Transforms.ZeroShot;

namespace PriorClip.MLNet.Pipelines.Recipes;

/// <summary>What <see cref="ZeroShotClassification.Run"/> measured.</summary>
/// <param name="Metrics">ML.NET's multiclass metrics (accuracy, log-loss, confusion matrix …).</param>
/// <param name="ClassNames">Classes in label order (rows and columns of the confusion matrix).</param>
/// <param name="Images">Images classified.</param>
/// <param name="SkippedWithoutClass">Images of the split with no scene class (not scored).</param>
/// <param name="Classifier">The fitted zero-shot step (save it beside the model, or append it to the image side).</param>
public sealed record ZeroShotResult(MulticlassClassificationMetrics Metrics, IReadOnlyList<string> ClassNames, int Images, int SkippedWithoutClass,
    PriorClipZeroShotTransformer Classifier);

/// <summary>
/// Zero-shot scene classification of a dataset split with any PriorCLIP model (trained or imported): the image
/// side of the model → <c>PriorClipZeroShot</c> over the dataset's scene classes → <c>MapValueToKey</c> of the
/// true class with the same key order → <c>mlContext.MulticlassClassification.Evaluate</c>.
/// </summary>
public static class ZeroShotClassification
{
    sealed class ImageRow
    {
        [ColumnName(CaptionDatasetColumns.ImagePath)] public string ImagePath { get; set; } = "";
        [ColumnName(CaptionDatasetColumns.SceneClass)] public string SceneClass { get; set; } = "";
    }

    // MapValueToKey's key data: exactly one column, the classes in key order.
    sealed class ClassRow
    {
        [ColumnName(CaptionDatasetColumns.SceneClass)] public string SceneClass { get; set; } = "";
    }

    /// <summary>Classifies every image of <paramref name="split"/> that has a scene class.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">A fitted PriorCLIP chain (a .zip loaded with <c>Model.Load</c>).</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="split">Split to classify.</param>
    /// <param name="classNames">Candidate classes; null for every scene class of the dataset (all splits, ordinal order).</param>
    /// <param name="templates">Prompt templates; null for <see cref="PriorClipZeroShotOptions.RemoteSensingTemplates"/>.</param>
    /// <returns>The metrics.</returns>
    public static ZeroShotResult Run(MLContext ml, ITransformer model, CaptionDataset dataset, string split,
        IReadOnlyList<string>? classNames = null, IReadOnlyList<string>? templates = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(dataset);
        split = DatasetSplits.Normalize(split);
        var images = dataset.Images.Where(i => i.Split == split).ToList();
        if (images.Count == 0) throw new ArgumentException($"{dataset.SourcePath} has no '{split}' split (it has {string.Join(", ", dataset.Report.Splits.Keys)})", nameof(split));
        classNames ??= dataset.Images.Select(i => i.SceneClass).Where(c => c.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        var known = classNames.ToHashSet(StringComparer.Ordinal);
        var labelled = images.Where(i => i.SceneClass.Length > 0).ToList();
        var unknown = labelled.FirstOrDefault(i => !known.Contains(i.SceneClass));
        if (unknown is not null)
            throw new ArgumentException($"{dataset.SourcePath}: image '{unknown.ImageId}' has scene class '{unknown.SceneClass}', which is not among the candidate classes ({string.Join(", ", classNames)})", nameof(classNames));
        if (labelled.Count == 0) throw new ArgumentException($"{dataset.SourcePath}: no image of the '{split}' split has a scene class to score against", nameof(dataset));

        var parts = RetrievalModelParts.From(model);
        var rows = ml.Data.LoadFromEnumerable(labelled.Select(i => new ImageRow { ImagePath = i.ImagePath, SceneClass = i.SceneClass }).ToList());
        var embedded = ml.Data.Cache(parts.ImageSide.Transform(rows), "ImageEmbedding", CaptionDatasetColumns.SceneClass);
        var classifier = ml.Transforms.PriorClipZeroShot(parts.TextSide, classNames, templates).Fit(embedded);
        var keys = ml.Data.LoadFromEnumerable(classNames.Select(c => new ClassRow { SceneClass = c }).ToList());
        var scored = ml.Transforms.Conversion.MapValueToKey("Label", CaptionDatasetColumns.SceneClass, keyData: keys)
            .Fit(embedded).Transform(classifier.Transform(embedded));
        var metrics = ml.MulticlassClassification.Evaluate(scored, "Label", "Score", "PredictedLabel");
        return new ZeroShotResult(metrics, classNames, labelled.Count, images.Count - labelled.Count, classifier);
    }
}
