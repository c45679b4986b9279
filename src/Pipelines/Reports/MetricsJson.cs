using System.Text.Json;
using System.Text.Json.Nodes;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Pipelines.Reports;

/// <summary>
/// The machine-readable form of <see cref="RetrievalMetrics"/>: recalls in percent,
/// <c>{"image_to_text": {"R@1","R@5","R@10", …}, "text_to_image": {…}, "mR", …}</c>, plus ranks,
/// counts and the per-class figures when present.
/// </summary>
public static class MetricsJson
{
    /// <summary>The metrics as a JSON object.</summary>
    public static JsonObject ToJson(RetrievalMetrics metrics)
    {
        var root = new JsonObject
        {
            ["images"] = metrics.ImageCount,
            ["captions"] = metrics.CaptionCount,
            ["image_to_text"] = Direction(metrics.ImageToText),
            ["text_to_image"] = Direction(metrics.TextToImage),
            ["mR"] = Round(metrics.MeanRecall),
        };
        if (metrics.PerSceneClass is { } classes)
        {
            var perClass = new JsonObject();
            foreach (var c in classes)
                perClass[c.SceneClass] = new JsonObject
                {
                    ["images"] = c.ImageCount,
                    ["captions"] = c.CaptionCount,
                    ["image_to_text"] = Recalls(c.ImageToTextRecallAtK),
                    ["text_to_image"] = Recalls(c.TextToImageRecallAtK),
                    ["mR"] = Round(c.MeanRecall),
                };
            root["per_class"] = perClass;
        }
        return root;
    }

    /// <summary>Writes the JSON to <paramref name="path"/> atomically (indented).</summary>
    public static void Write(string path, RetrievalMetrics metrics, JsonObject? extra = null)
    {
        var json = ToJson(metrics);
        if (extra is not null)
            foreach (var (key, value) in extra) json[key] = value?.DeepClone();
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    static JsonObject Direction(DirectionalRetrievalMetrics d)
    {
        var o = Recalls(d.RecallAtK);
        o["median_rank"] = d.MedianRank;
        o["mean_rank"] = Round(d.MeanRank);
        o["queries"] = d.QueryCount;
        return o;
    }

    static JsonObject Recalls(IReadOnlyDictionary<int, double> recallAtK)
    {
        var o = new JsonObject();
        foreach (var (k, value) in recallAtK.OrderBy(kv => kv.Key)) o[$"R@{k}"] = Round(value);
        return o;
    }

    static double Round(double value) => Math.Round(value, 4);
}
