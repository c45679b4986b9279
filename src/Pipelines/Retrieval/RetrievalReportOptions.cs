using Microsoft.ML.Data;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>What a retrieval report shows besides the metrics themselves.</summary>
public sealed class RetrievalReportOptions
{
    /// <summary>Heading of report.md and report.html.</summary>
    public string Title { get; set; } = "Retrieval evaluation";

    /// <summary>ML.NET ranking metrics of the image → text ranking view (see <c>ToRankingData</c>), reported as NDCG@k.</summary>
    public RankingMetrics? ImageToTextRanking { get; set; }

    /// <summary>ML.NET ranking metrics of the text → image ranking view, reported as NDCG@k.</summary>
    public RankingMetrics? TextToImageRanking { get; set; }

    /// <summary>Image file of each image index (<see cref="RetrievalMetrics.ImageIds"/> order); enables thumbnails in the gallery.</summary>
    public IReadOnlyList<string>? ImagePaths { get; set; }

    /// <summary>Text of each caption index; shown in the gallery.</summary>
    public IReadOnlyList<string>? CaptionTexts { get; set; }

    /// <summary>Example queries per direction in the HTML gallery (evenly spaced over the queries).</summary>
    public int GalleryQueryCount { get; set; } = 8;

    /// <summary>The largest K drawn in the recall@K curves.</summary>
    public int RecallCurveMaxK { get; set; } = 50;

    /// <summary>The training run's epochs; adds a training chart and table (and "training" in metrics.json).</summary>
    public IReadOnlyList<TrainingCurvePoint>? TrainingCurve { get; set; }

    /// <summary>Classes beyond this count are left out of the per-class chart and the confusion table (never out of metrics.json).</summary>
    public int MaxClassesShown { get; set; } = 40;
}
