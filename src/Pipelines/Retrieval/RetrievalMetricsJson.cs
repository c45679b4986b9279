using System.Text.Json;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// metrics.json of a retrieval report: recall in percent under the protocol's names ("R@1", "mR"),
/// ranks, NDCG (when given) and the per-class breakdown.
/// </summary>
internal static class RetrievalMetricsJson
{
    public static byte[] Serialize(RetrievalMetrics metrics, RetrievalReportOptions options)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("images", metrics.ImageCount);
            json.WriteNumber("captions", metrics.CaptionCount);
            WriteDirection(json, "image_to_text", metrics.ImageToText, options.ImageToTextRanking);
            WriteDirection(json, "text_to_image", metrics.TextToImage, options.TextToImageRanking);
            json.WriteNumber("mR", metrics.MeanRecall);
            json.WriteNumber("chance_mR", RetrievalChance.MeanRecall(metrics));
            if (options.TrainingCurve is { } curve)
            {
                json.WriteStartArray("training");
                foreach (var point in curve)
                {
                    json.WriteStartObject();
                    json.WriteNumber("epoch", point.Epoch);
                    json.WriteNumber("train_loss", point.TrainLoss);
                    if (point.ValidationMeanRecall is { } v) json.WriteNumber("validation_mR", v);
                    else json.WriteNull("validation_mR");
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (metrics.PerSceneClass is { } perClass)
            {
                json.WriteStartArray("per_class");
                foreach (SceneClassRetrievalMetrics c in perClass)
                {
                    json.WriteStartObject();
                    json.WriteString("class", c.SceneClass);
                    json.WriteNumber("images", c.ImageCount);
                    json.WriteNumber("captions", c.CaptionCount);
                    WriteRecalls(json, "image_to_text", c.ImageToTextRecallAtK);
                    WriteRecalls(json, "text_to_image", c.TextToImageRecallAtK);
                    json.WriteNumber("mR", c.MeanRecall);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            if (metrics.TextToImageConfusion is { } confusion)
            {
                json.WriteStartObject("text_to_image_top1_confusion");
                json.WriteStartArray("classes");
                foreach (string name in confusion.ClassNames)
                    json.WriteStringValue(name);
                json.WriteEndArray();
                json.WriteStartArray("counts");
                foreach (IReadOnlyList<int> row in confusion.Counts)
                {
                    json.WriteStartArray();
                    foreach (int count in row)
                        json.WriteNumberValue(count);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteDirection(Utf8JsonWriter json, string name, DirectionalRetrievalMetrics direction, RankingMetrics? ranking)
    {
        json.WriteStartObject(name);
        json.WriteNumber("queries", direction.QueryCount);
        foreach ((int k, double recall) in direction.RecallAtK.OrderBy(p => p.Key))
            json.WriteNumber($"R@{k}", recall);
        json.WriteNumber("median_rank", direction.MedianRank);
        json.WriteNumber("mean_rank", direction.MeanRank);
        if (ranking is not null)
        {
            for (int k = 0; k < ranking.NormalizedDiscountedCumulativeGains.Count; k++)
                json.WriteNumber($"NDCG@{k + 1}", ranking.NormalizedDiscountedCumulativeGains[k]);
        }
        json.WriteEndObject();
    }

    private static void WriteRecalls(Utf8JsonWriter json, string name, IReadOnlyDictionary<int, double> recalls)
    {
        json.WriteStartObject(name);
        foreach ((int k, double recall) in recalls.OrderBy(p => p.Key))
            json.WriteNumber($"R@{k}", recall);
        json.WriteEndObject();
    }
}
