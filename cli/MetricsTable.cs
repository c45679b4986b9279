using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.Cli;

/// <summary>Prints retrieval metrics in the layout of the papers' tables.</summary>
internal static class MetricsTable
{
    public static void Print(RetrievalMetrics m, double? chanceMeanRecall = null)
    {
        Console.WriteLine($"  {"",-14} {"R@1",7} {"R@5",7} {"R@10",7} {"med r",7}");
        Console.WriteLine($"  {"image→text",-14} {m.ImageToText.RecallAt1,7:F2} {m.ImageToText.RecallAt5,7:F2} {m.ImageToText.RecallAt10,7:F2} {m.ImageToText.MedianRank,7:F1}");
        Console.WriteLine($"  {"text→image",-14} {m.TextToImage.RecallAt1,7:F2} {m.TextToImage.RecallAt5,7:F2} {m.TextToImage.RecallAt10,7:F2} {m.TextToImage.MedianRank,7:F1}");
        Console.WriteLine($"  mR {m.MeanRecall:F2}" + (chanceMeanRecall is { } c ? $"   (chance {c:F2})" : "") + $"   over {m.ImageCount} images, {m.CaptionCount} captions");
    }
}
