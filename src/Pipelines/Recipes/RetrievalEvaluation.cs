using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Pipelines.Recipes;

/// <summary>
/// Scores a fitted PriorCLIP pipeline on one split of a caption dataset and, optionally, writes
/// the report folder (metrics.json, report.md, report.html with the gallery's thumbnails).
/// </summary>
public static class RetrievalEvaluation
{
    /// <summary>
    /// Encodes <paramref name="split"/> of <paramref name="dataset"/> once, evaluates it (docs/method.md §9,
    /// per scene class too) and, with a <paramref name="reportFolder"/>, adds NDCG from
    /// <c>mlContext.Ranking.Evaluate</c> on the ranking bridge and writes the report atomically.
    /// </summary>
    /// <param name="ml">The context.</param>
    /// <param name="model">A fitted chain ending in the PriorClip encoder (e.g. loaded from a .zip).</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="split">The split to evaluate (typically test).</param>
    /// <param name="reportFolder">Report folder, or null for none.</param>
    /// <param name="title">Report heading.</param>
    /// <param name="trainingCurve">Epochs of the run that made the model, for the report's training section.</param>
    /// <returns>The metrics.</returns>
    public static RetrievalMetrics Run(MLContext ml, ITransformer model, CaptionDataset dataset, string split,
        string? reportFolder = null, string title = "PriorCLIP retrieval", IReadOnlyList<TrainingCurvePoint>? trainingCurve = null)
    {
        split = DatasetSplits.Normalize(split);
        if (!dataset.Report.Splits.ContainsKey(split))
            throw new ArgumentException($"{dataset.SourcePath} has no '{split}' split (it has {string.Join(", ", dataset.Report.Splits.Keys)})", nameof(split));
        var encoded = model.Transform(dataset.ToDataView(ml, split));
        // Both the evaluator and the ranking bridge read the embeddings: encode once.
        var cached = ml.Data.Cache(encoded, "ImageEmbedding", "TextEmbedding", CaptionDatasetColumns.ImageId, CaptionDatasetColumns.SceneClass);
        var metrics = ml.Retrieval().Evaluate(cached, sceneClassColumnName: CaptionDatasetColumns.SceneClass);
        if (reportFolder is null) return metrics;

        var rows = dataset.ToRows(split).ToList();
        var pathById = dataset.Images.Where(i => i.Split == split).ToDictionary(i => i.ImageId, i => i.ImagePath);
        var options = new RetrievalReportOptions
        {
            Title = title,
            ImageToTextRanking = ml.Ranking.Evaluate(ml.Retrieval().ToRankingData(cached, RetrievalDirection.ImageToText), "Label", "GroupId", "Score"),
            TextToImageRanking = ml.Ranking.Evaluate(ml.Retrieval().ToRankingData(cached, RetrievalDirection.TextToImage), "Label", "GroupId", "Score"),
            ImagePaths = metrics.ImageIds.Select(id => pathById[id]).ToList(),
            CaptionTexts = rows.Select(r => r.Caption).ToList(),
            TrainingCurve = trainingCurve,
        };
        RetrievalReportWriter.Write(metrics, reportFolder, options);
        return metrics;
    }
}
