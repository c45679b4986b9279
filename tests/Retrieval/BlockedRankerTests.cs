using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>The tiled kernel and the blocked ranker's invariance to blocking and parallelism.</summary>
public sealed class BlockedRankerTests
{
    [Theory]
    [InlineData(5, 9, 37)]
    [InlineData(8, 16, 64)]
    [InlineData(3, 2, 1)]
    public void TileScoresAreBitwiseEqualToSingleDotProducts(int queryCount, int candidateCount, int dimension)
    {
        var random = new Random(queryCount * 100 + dimension);
        ScoringMatrix queries = RandomMatrix(random, queryCount, dimension);
        ScoringMatrix candidates = RandomMatrix(random, candidateCount, dimension);
        var tile = new float[queryCount * candidateCount];

        DotProductKernel.ScoreTile(queries, 0, queryCount, candidates, 0, candidateCount, tile);

        for (int q = 0; q < queryCount; q++)
        {
            for (int c = 0; c < candidateCount; c++)
                Assert.Equal(DotProductKernel.Dot(queries.Row(q), candidates.Row(c)), tile[q * candidateCount + c]);
        }
    }

    [Fact]
    public void RanksAndTopListsDoNotDependOnBlockSizesOrWorkerCount()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 5, imageCount: 300, dimension: 24, captionsPerImage: 5, noise: 2f);
        RetrievalInput input = RetrievalInputBuilder.FromMatrices(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage,
            embeddingsAreNormalized: false, imageSceneClasses: null);

        RankingResult Rank(int queryBlock, int candidateBlock, int workers) => BlockedRanker.Rank(new RankingRequest
        {
            Queries = input.Images,
            Candidates = input.Captions,
            RelevantOffsets = input.ImageCaptionOffsets,
            RelevantCandidates = input.ImageCaptions,
            TopN = 7,
            QueryBlockSize = queryBlock,
            CandidateBlockSize = candidateBlock,
            MaxDegreeOfParallelism = workers,
        });

        // One block covering everything on one thread is the dense computation.
        RankingResult dense = Rank(input.ImageCount, input.CaptionCount, 1);
        foreach (var (queryBlock, candidateBlock, workers) in new[] { (7, 13, 4), (32, 512, 2), (1, 1, 3) })
        {
            RankingResult blocked = Rank(queryBlock, candidateBlock, workers);
            Assert.Equal(dense.RelevantRanks, blocked.RelevantRanks);
            Assert.Equal(dense.RelevantScores, blocked.RelevantScores);
            Assert.Equal(dense.TopCandidates, blocked.TopCandidates);
            Assert.Equal(dense.TopScores, blocked.TopScores);
        }
    }

    [Fact]
    public void ReverseRanksFromImageTilesEqualADirectTextToImageSweepForAnyBlocking()
    {
        var problem = SyntheticRetrievalProblem.Dyadic(seed: 6, imageCount: 150, dimension: 8, minCaptions: 1, maxCaptions: 7, valueSteps: 2);
        RetrievalInput input = RetrievalInputBuilder.FromMatrices(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage,
            embeddingsAreNormalized: true, imageSceneClasses: null);
        RankingResult direct = RetrievalRankings.Rank(input, RetrievalDirection.TextToImage, topN: 1, maxDegreeOfParallelism: 1);

        foreach (var (queryBlock, candidateBlock, workers) in new[] { (150, 2000, 1), (7, 13, 4), (32, 64, 2) })
        {
            RankingResult reverse = BlockedRanker.Rank(new RankingRequest
            {
                Queries = input.Images,
                Candidates = input.Captions,
                RelevantOffsets = input.ImageCaptionOffsets,
                RelevantCandidates = input.ImageCaptions,
                CandidateOwners = input.CaptionToImage,
                TopN = 1,
                QueryBlockSize = queryBlock,
                CandidateBlockSize = candidateBlock,
                MaxDegreeOfParallelism = workers,
            }).Reverse!;
            Assert.Equal(direct.RelevantRanks, reverse.RelevantRanks);
            Assert.Equal(direct.RelevantScores, reverse.RelevantScores);
            Assert.Equal(direct.TopCandidates, reverse.TopCandidates);
            Assert.Equal(direct.TopScores, reverse.TopScores);
        }
    }

    [Fact]
    public void TopListIsTheBestCandidatesInProtocolOrder()
    {
        // One query against candidates whose scores are 1, 3, 3, 2, 3 (index order): the top four are
        // 1 (3), 2 (3), 4 (3), 3 (2) — equal scores by lower index.
        var queries = Matrix([[1f]]);
        var candidates = Matrix([[1f], [3f], [3f], [2f], [3f]]);
        RankingResult result = BlockedRanker.Rank(new RankingRequest
        {
            Queries = queries,
            Candidates = candidates,
            RelevantOffsets = [0, 1],
            RelevantCandidates = [4],
            TopN = 4,
            CandidateBlockSize = 2,
        });

        Assert.Equal([1, 2, 4, 3], result.TopCandidates);
        Assert.Equal([3f, 3f, 3f, 2f], result.TopScores);
        Assert.Equal([3], result.RelevantRanks);
    }

    private static ScoringMatrix Matrix(float[][] rows) =>
        ScoringMatrix.Create(rows.Length, rows[0].Length, i => rows[i], normalize: false, i => $"row {i}");

    private static ScoringMatrix RandomMatrix(Random random, int rows, int dimension)
    {
        float[][] values = Enumerable.Range(0, rows)
            .Select(_ => Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())
            .ToArray();
        return Matrix(values);
    }
}
