namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Turns ranked results into <see cref="RetrievalMetrics"/>.</summary>
internal static class RetrievalMetricsCalculator
{
    public static RetrievalMetrics Evaluate(RetrievalInput input, int[] recallCutoffs, int maxDegreeOfParallelism)
    {
        // Top-1 is all the metrics need beyond ranks (confusion matrix, example queries).
        var rankings = RetrievalRankings.Compute(input, topN: 1, maxDegreeOfParallelism);
        return FromRankings(rankings, recallCutoffs);
    }

    public static RetrievalMetrics FromRankings(RetrievalRankings rankings, int[] recallCutoffs)
    {
        RetrievalInput input = rankings.Input;
        int[] imageRanks = rankings.ImageToTextBestRanks();
        int[] captionRanks = rankings.TextToImage.RelevantRanks;
        var imageToText = new DirectionalRetrievalMetrics(RetrievalDirection.ImageToText, imageRanks,
            RetrievalRankings.TopOne(rankings.ImageToText, input.ImageCount), recallCutoffs);
        int[] topImages = RetrievalRankings.TopOne(rankings.TextToImage, input.CaptionCount);
        var textToImage = new DirectionalRetrievalMetrics(RetrievalDirection.TextToImage, captionRanks, topImages, recallCutoffs);

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
