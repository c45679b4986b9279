namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Turns ranked results into <see cref="RetrievalMetrics"/>.</summary>
internal static class RetrievalMetricsCalculator
{
    public static RetrievalMetrics Evaluate(RetrievalInput input, int[] recallCutoffs, int topCandidateCount, int maxDegreeOfParallelism)
    {
        // Beyond ranks the metrics keep each query's top candidates (confusion matrix, example
        // queries); one candidate keeps the single sweep, more take a second (RetrievalRankings).
        var rankings = RetrievalRankings.Compute(input, topN: topCandidateCount, maxDegreeOfParallelism);
        return FromRankings(rankings, recallCutoffs);
    }

    public static RetrievalMetrics FromRankings(RetrievalRankings rankings, int[] recallCutoffs)
    {
        RetrievalInput input = rankings.Input;
        int[] imageRanks = rankings.ImageToTextBestRanks();
        int[] captionRanks = rankings.TextToImage.RelevantRanks;
        var imageToText = new DirectionalRetrievalMetrics(RetrievalDirection.ImageToText, imageRanks,
            rankings.ImageToText.TopCandidates, rankings.ImageToText.TopCount, recallCutoffs);
        var textToImage = new DirectionalRetrievalMetrics(RetrievalDirection.TextToImage, captionRanks,
            rankings.TextToImage.TopCandidates, rankings.TextToImage.TopCount, recallCutoffs);
        int[] topImages = textToImage.TopCandidates.ToArray();

        IReadOnlyList<SceneClassRetrievalMetrics>? perClass = null;
        SceneClassConfusionMatrix? confusion = null;
        if (input.ImageSceneClasses is { } classes)
        {
            perClass = SceneClassBreakdown.PerClass(classes, input.CaptionToImage, imageRanks, captionRanks, recallCutoffs);
            confusion = SceneClassBreakdown.TextToImageConfusion(classes, input.CaptionToImage, topImages);
        }
        return new RetrievalMetrics(input.ImageCount, input.CaptionCount, imageToText, textToImage,
            input.ImageIds, input.CaptionToImage, perClass, confusion);
    }
}
