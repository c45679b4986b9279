using System.Globalization;
using System.Text;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>report.md: the protocol table, ranks, NDCG and the per-class table.</summary>
internal static class RetrievalReportMarkdown
{
    public static string Build(RetrievalMetrics metrics, RetrievalReportOptions options)
    {
        var md = new StringBuilder();
        Line(md, $"# {options.Title}");
        Line(md, $"");
        Line(md, $"{metrics.ImageCount:N0} images, {metrics.CaptionCount:N0} captions. Recall in percent; scores are cosine similarities; equal scores rank the lower index first.");
        Line(md, $"");
        Line(md, $"| i2t R@1 | i2t R@5 | i2t R@10 | t2i R@1 | t2i R@5 | t2i R@10 | mR |");
        Line(md, $"|---|---|---|---|---|---|---|");
        Line(md, $"| {metrics.ImageToText.RecallAt1:F2} | {metrics.ImageToText.RecallAt5:F2} | {metrics.ImageToText.RecallAt10:F2} | {metrics.TextToImage.RecallAt1:F2} | {metrics.TextToImage.RecallAt5:F2} | {metrics.TextToImage.RecallAt10:F2} | {metrics.MeanRecall:F2} |");
        Line(md, $"");
        Line(md, $"| direction | queries | median rank | mean rank | NDCG@1 | NDCG@5 | NDCG@10 |");
        Line(md, $"|---|---|---|---|---|---|---|");
        Direction(md, "image → text", metrics.ImageToText, options.ImageToTextRanking);
        Direction(md, "text → image", metrics.TextToImage, options.TextToImageRanking);
        Line(md, $"");
        Line(md, $"Chance level (random scores): mR {RetrievalChance.MeanRecall(metrics):F2}.");
        if (options.TrainingCurve is { Count: > 0 } curve)
        {
            Line(md, $"");
            Line(md, $"## Training");
            Line(md, $"");
            Line(md, $"| epoch | train loss | validation mR |");
            Line(md, $"|---|---|---|");
            foreach (var point in curve)
                Line(md, $"| {point.Epoch} | {point.TrainLoss:F4} | {(point.ValidationMeanRecall is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–")} |");
        }
        if (metrics.PerSceneClass is { } perClass)
        {
            Line(md, $"");
            Line(md, $"## Per scene class");
            Line(md, $"");
            Line(md, $"| class | images | captions | i2t R@1 | i2t R@5 | i2t R@10 | t2i R@1 | t2i R@5 | t2i R@10 | mR |");
            Line(md, $"|---|---|---|---|---|---|---|---|---|---|");
            foreach (SceneClassRetrievalMetrics c in perClass)
            {
                Line(md, $"| {c.SceneClass} | {c.ImageCount} | {c.CaptionCount} | {c.ImageToTextRecallAtK[1]:F2} | {c.ImageToTextRecallAtK[5]:F2} | {c.ImageToTextRecallAtK[10]:F2} | {c.TextToImageRecallAtK[1]:F2} | {c.TextToImageRecallAtK[5]:F2} | {c.TextToImageRecallAtK[10]:F2} | {c.MeanRecall:F2} |");
            }
        }
        return md.ToString();
    }

    private static void Direction(StringBuilder md, string name, DirectionalRetrievalMetrics direction, Microsoft.ML.Data.RankingMetrics? ranking)
    {
        string Ndcg(int k) => ranking is { } r && r.NormalizedDiscountedCumulativeGains.Count >= k
            ? r.NormalizedDiscountedCumulativeGains[k - 1].ToString("F4", CultureInfo.InvariantCulture)
            : "–";
        Line(md, $"| {name} | {direction.QueryCount} | {direction.MedianRank:G} | {direction.MeanRank:F2} | {Ndcg(1)} | {Ndcg(5)} | {Ndcg(10)} |");
    }

    private static void Line(StringBuilder md, FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
