using Microsoft.Data.Analysis;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Evaluation results as <c>Microsoft.Data.Analysis</c> DataFrames, to sort, filter, group and join in a notebook or
/// script: one row per caption query, per image query, or per scene class.
/// </summary>
public static class RetrievalMetricsFrames
{
    /// <summary>
    /// One row per caption (text → image query): <c>Caption</c> (its index, or its text when <paramref name="captions"/>
    /// is given), <c>Image</c> (the id of its own image), <c>Rank</c> (that image's 1-based rank), <c>Top1</c> (the id of
    /// the image ranked first).
    /// </summary>
    /// <param name="metrics">Evaluation results.</param>
    /// <param name="captions">The caption texts in query order (as evaluated); null to show indices.</param>
    public static DataFrame ToCaptionFrame(this RetrievalMetrics metrics, IReadOnlyList<string>? captions = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (captions is not null && captions.Count != metrics.CaptionCount)
            throw new ArgumentException($"{captions.Count} caption texts given for {metrics.CaptionCount} evaluated captions", nameof(captions));
        var t2i = metrics.TextToImage;
        DataFrameColumn caption = captions is null
            ? new PrimitiveDataFrameColumn<int>("Caption", Enumerable.Range(0, metrics.CaptionCount))
            : new StringDataFrameColumn("Caption", captions);
        return new DataFrame(
            caption,
            new StringDataFrameColumn("Image", metrics.CaptionToImage.Select(i => metrics.ImageIds[i])),
            new PrimitiveDataFrameColumn<int>("Rank", t2i.Ranks),
            new StringDataFrameColumn("Top1", t2i.TopCandidates.Select(i => metrics.ImageIds[i])));
    }

    /// <summary>
    /// One row per image (image → text query): <c>Image</c> (its id), <c>Rank</c> (1-based rank of its best-ranked own
    /// caption), <c>Top1Caption</c> (index of the caption ranked first), <c>Top1IsOwn</c>.
    /// </summary>
    public static DataFrame ToImageFrame(this RetrievalMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var i2t = metrics.ImageToText;
        return new DataFrame(
            new StringDataFrameColumn("Image", metrics.ImageIds),
            new PrimitiveDataFrameColumn<int>("Rank", i2t.Ranks),
            new PrimitiveDataFrameColumn<int>("Top1Caption", i2t.TopCandidates),
            new BooleanDataFrameColumn("Top1IsOwn", i2t.TopCandidates.Select((c, image) => metrics.CaptionToImage[c] == image)));
    }

    /// <summary>
    /// One row per scene class: <c>SceneClass</c>, <c>Images</c>, <c>Captions</c>, recall@1/5/10 both ways and
    /// <c>mR</c> (percentages). Throws when the evaluation had no scene classes.
    /// </summary>
    public static DataFrame ToSceneClassFrame(this RetrievalMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var classes = metrics.PerSceneClass
            ?? throw new InvalidOperationException("these metrics have no per-class results: evaluate with a scene class column");
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("SceneClass", classes.Select(c => c.SceneClass)),
            new PrimitiveDataFrameColumn<int>("Images", classes.Select(c => c.ImageCount)),
            new PrimitiveDataFrameColumn<int>("Captions", classes.Select(c => c.CaptionCount)),
        };
        foreach (int k in new[] { 1, 5, 10 })
            columns.Add(new PrimitiveDataFrameColumn<double>($"ImageToText_R@{k}", classes.Select(c => c.ImageToTextRecallAtK[k])));
        foreach (int k in new[] { 1, 5, 10 })
            columns.Add(new PrimitiveDataFrameColumn<double>($"TextToImage_R@{k}", classes.Select(c => c.TextToImageRecallAtK[k])));
        columns.Add(new PrimitiveDataFrameColumn<double>("mR", classes.Select(c => c.MeanRecall)));
        return new DataFrame(columns);
    }
}
