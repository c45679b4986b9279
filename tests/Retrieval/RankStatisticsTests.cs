using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Recall, median and mean rank, mR and recall cutoffs.</summary>
public sealed class RankStatisticsTests
{
    [Fact]
    public void MedianFollowsNumPyForOddAndEvenCounts()
    {
        Assert.Equal(3, RankStatistics.Median([5, 1, 3]));
        Assert.Equal(2.5, RankStatistics.Median([4, 1, 2, 3]));
        Assert.Equal(2.5, RankStatistics.Mean([4, 1, 2, 3]));
    }

    [Fact]
    public void RecallIsThePercentageOfRanksWithinK()
    {
        int[] ranks = [1, 2, 6, 11, 1];
        Assert.Equal(40, RankStatistics.RecallAt(ranks, 1));
        Assert.Equal(60, RankStatistics.RecallAt(ranks, 5));
        Assert.Equal(80, RankStatistics.RecallAt(ranks, 10));
    }

    [Fact]
    public void ExtraCutoffsAreAddedToOneFiveAndTenAndAnyCutoffCanBeAskedLater()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 2, imageCount: 40, dimension: 8, captionsPerImage: 5, noise: 2f);
        var options = new RetrievalEvaluatorOptions { RecallCutoffs = [3, 20] };

        RetrievalMetrics metrics = new MLContext().Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, options: options);

        Assert.Equal([1, 3, 5, 10, 20], metrics.TextToImage.RecallAtK.Keys.Order());
        Assert.Equal(metrics.TextToImage.RecallAtK[20], metrics.TextToImage.RecallAt(20));
        Assert.Equal(100, metrics.TextToImage.RecallAt(40));
        double expected = (metrics.ImageToText.RecallAt1 + metrics.ImageToText.RecallAt5 + metrics.ImageToText.RecallAt10 +
                           metrics.TextToImage.RecallAt1 + metrics.TextToImage.RecallAt5 + metrics.TextToImage.RecallAt10) / 6;
        Assert.Equal(expected, metrics.MeanRecall);
        Assert.Matches(@"^i2t \d+\.\d\d/\d+\.\d\d/\d+\.\d\d \| t2i \d+\.\d\d/\d+\.\d\d/\d+\.\d\d \| mR \d+\.\d\d$", metrics.ToString());
    }

    [Fact]
    public void CutoffBelowOneIsRejected()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 2, imageCount: 4, dimension: 4, captionsPerImage: 1, noise: 1f);
        var options = new RetrievalEvaluatorOptions { RecallCutoffs = [0] };

        var error = Assert.Throws<ArgumentException>(() =>
            new MLContext().Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, options: options));
        Assert.Contains("Recall cutoff 0", error.Message);
    }
}
