using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>The ranking view and ML.NET's own ranking evaluator on it.</summary>
public sealed class RankingBridgeTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void TextToImageNdcgAtOneIsRecallAtOneOverHundred()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 21, imageCount: 120, dimension: 16, captionsPerImage: 5, noise: 2f);
        var catalog = _mlContext.Retrieval();
        RetrievalMetrics metrics = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);

        IDataView view = catalog.ToRankingData(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, RetrievalDirection.TextToImage);
        RankingMetrics ranking = _mlContext.Ranking.Evaluate(view, "Label", "GroupId", "Score");

        Assert.InRange(metrics.TextToImage.RecallAt1, 5, 95);
        Assert.Equal(metrics.TextToImage.RecallAt1 / 100, ranking.NormalizedDiscountedCumulativeGains[0], 12);
    }

    [Fact]
    public void NdcgMatchesTextbookBinaryNdcgInBothDirectionsIncludingRelevantItemsBeyondTopN()
    {
        // Weak signal so that many relevant items fall outside the top 10.
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 22, imageCount: 80, dimension: 16, captionsPerImage: 5, noise: 4f);
        var catalog = _mlContext.Retrieval();
        RetrievalMetrics metrics = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);
        int[][] imageCaptionRanks = CaptionRanksPerImage(catalog, problem);

        foreach (RetrievalDirection direction in Enum.GetValues<RetrievalDirection>())
        {
            IDataView view = catalog.ToRankingData(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, direction, topN: 10);
            RankingMetrics ranking = _mlContext.Ranking.Evaluate(view, "Label", "GroupId", "Score");
            int[][] relevantRanks = direction == RetrievalDirection.TextToImage
                ? metrics.TextToImage.Ranks.Select(r => new[] { r }).ToArray()
                : imageCaptionRanks;
            for (int k = 1; k <= 10; k++)
                Assert.Equal(TextbookNdcg(relevantRanks, k), ranking.NormalizedDiscountedCumulativeGains[k - 1], 10);
        }
    }

    [Fact]
    public void GroupsAreContiguousKeyTypedAndHoldTopNThenMissedRelevantItems()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 23, imageCount: 30, dimension: 8, captionsPerImage: 5, noise: 4f);
        var catalog = _mlContext.Retrieval();
        RetrievalMetrics metrics = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);

        IDataView view = catalog.ToRankingData(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, RetrievalDirection.TextToImage, topN: 3);

        Assert.Equal(new KeyDataViewType(typeof(uint), 150), view.Schema["GroupId"].Type);
        var rows = _mlContext.Data.CreateEnumerable<RetrievalRankingRow>(view, reuseRowObject: false).ToList();
        var groups = rows.GroupBy(r => r.GroupId).ToList();
        Assert.Equal(150, groups.Count);
        Assert.Equal(Enumerable.Range(1, 150).Select(g => (uint)g), groups.Select(g => g.Key));
        Assert.All(rows, r => Assert.Equal((uint)r.QueryIndex + 1, r.GroupId));
        for (int j = 0; j < 150; j++)
        {
            var group = groups[j].ToList();
            int rank = metrics.TextToImage.Ranks[j];
            Assert.Equal(rank <= 3 ? 3 : 4, group.Count);
            Assert.Equal([1, 2, 3], group.Take(3).Select(r => r.Rank));
            Assert.Equal(1, group.Count(r => r.Label == 1));
            Assert.Equal(rank, group.Single(r => r.Label == 1).Rank);
            Assert.Equal(problem.CaptionToImage[j], group.Single(r => r.Label == 1).CandidateIndex);
            Assert.All(group, r => Assert.Equal(-r.Rank, r.Score));
            Assert.True(group.Zip(group.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
        }
    }

    [Fact]
    public void TiedScoresFollowTheProtocolNotMlNetsLabelOrder()
    {
        // Three identical images: caption j's own image has rank j + 1 although all scores are equal.
        // With raw similarities as scores ML.NET would put irrelevant rows first on ties.
        var images = EmbeddingMatrix.FromRows([[1f, 0f], [1f, 0f], [1f, 0f]]);
        var captions = EmbeddingMatrix.FromRows([[1f, 0f], [1f, 0f], [1f, 0f]]);

        IDataView view = _mlContext.Retrieval().ToRankingData(images, captions, [0, 1, 2], RetrievalDirection.TextToImage, topN: 3);
        RankingMetrics ranking = _mlContext.Ranking.Evaluate(view, "Label", "GroupId", "Score");

        Assert.Equal(1.0 / 3, ranking.NormalizedDiscountedCumulativeGains[0], 12);
    }

    [Fact]
    public void DataViewInputGivesTheSameRankingViewAsMatrices()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 24, imageCount: 40, dimension: 8, captionsPerImage: 5, noise: 3f);
        IDataView data = _mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, problem.Captions.Length).Select(j => new CaptionRow
        {
            ImageEmbedding = problem.Images[problem.CaptionToImage[j]],
            TextEmbedding = problem.Captions[j],
            ImageId = $"image {problem.CaptionToImage[j]}",
        }).ToList());
        var catalog = _mlContext.Retrieval();

        IDataView fromRows = catalog.ToRankingData(data, RetrievalDirection.ImageToText, topN: 5);
        IDataView fromMatrices = catalog.ToRankingData(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, RetrievalDirection.ImageToText, topN: 5);

        var rowsA = _mlContext.Data.CreateEnumerable<RetrievalRankingRow>(fromRows, reuseRowObject: false).Select(r => (r.GroupId, r.Label, r.Rank, r.CandidateIndex, r.Similarity));
        var rowsB = _mlContext.Data.CreateEnumerable<RetrievalRankingRow>(fromMatrices, reuseRowObject: false).Select(r => (r.GroupId, r.Label, r.Rank, r.CandidateIndex, r.Similarity));
        Assert.Equal(rowsB, rowsA);
        // Every image has a relevant caption, so image → text NDCG@1 is also R@1 / 100.
        RetrievalMetrics metrics = catalog.Evaluate(data);
        Assert.Equal(metrics.ImageToText.RecallAt1 / 100,
            _mlContext.Ranking.Evaluate(fromRows, "Label", "GroupId", "Score").NormalizedDiscountedCumulativeGains[0], 12);
    }

    [Fact]
    public void TopNOutsideMlNetsRangeIsRejected()
    {
        var images = EmbeddingMatrix.FromRows([[1f, 0f]]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _mlContext.Retrieval().ToRankingData(images, images, [0], RetrievalDirection.ImageToText, topN: 0));
        Assert.Contains("topN must be between 1 and 99", error.Message);
    }

    /// <summary>Each image's caption ranks, read from the image → text ranking view with a large topN.</summary>
    private int[][] CaptionRanksPerImage(RetrievalCatalog catalog, SyntheticRetrievalProblem problem)
    {
        IDataView all = catalog.ToRankingData(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, RetrievalDirection.ImageToText, topN: 99);
        return _mlContext.Data.CreateEnumerable<RetrievalRankingRow>(all, reuseRowObject: false)
            .Where(r => r.Label == 1)
            .GroupBy(r => r.QueryIndex)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(r => r.Rank).ToArray())
            .ToArray();
    }

    /// <summary>Binary-relevance NDCG@k over all relevant items, log2 discount, averaged over queries.</summary>
    private static double TextbookNdcg(int[][] relevantRanks, int k) => relevantRanks.Average(ranks =>
    {
        double dcg = ranks.Where(r => r <= k).Sum(r => 1 / Math.Log2(r + 1));
        double ideal = Enumerable.Range(1, Math.Min(k, ranks.Length)).Sum(p => 1 / Math.Log2(p + 1));
        return dcg / ideal;
    });
}
