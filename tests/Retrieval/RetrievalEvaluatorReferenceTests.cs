using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>The blocked evaluator against the dense reference, on seeded random problems.</summary>
public sealed class RetrievalEvaluatorReferenceTests
{
    private static readonly RetrievalEvaluatorOptions Normalized = new() { EmbeddingsAreNormalized = true, RecallCutoffs = [1, 2, 3, 5, 10, 50] };

    [Theory]
    [InlineData(1, 40, 8, 2)]   // few distinct values: many ties
    [InlineData(2, 57, 13, 8)]  // odd dimension: exercises padding
    [InlineData(3, 33, 32, 1)]  // values in {−1/8, 0, 1/8}: ties everywhere
    public void SmallProblemsWithOneToSevenCaptionsMatchTheReference(int seed, int images, int dimension, int valueSteps)
    {
        var problem = SyntheticRetrievalProblem.Dyadic(seed, images, dimension, minCaptions: 1, maxCaptions: 7, valueSteps);
        var reference = new DenseRetrievalReference(problem.Images, problem.Captions, problem.CaptionToImage);

        RetrievalMetrics metrics = new MLContext().Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix,
            problem.CaptionToImage, options: Normalized);

        AssertMatches(reference, metrics, Normalized.RecallCutoffs);
    }

    [Fact]
    public void RsicdTestSizeMatchesTheReferenceExactly()
    {
        // 1,093 images × 5 captions = 5,465 captions, 64-d, as in the RSICD test split.
        var problem = SyntheticRetrievalProblem.Dyadic(seed: 1093, imageCount: 1093, dimension: 64, minCaptions: 5, maxCaptions: 5);
        var reference = new DenseRetrievalReference(problem.Images, problem.Captions, problem.CaptionToImage);

        RetrievalMetrics metrics = new MLContext().Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix,
            problem.CaptionToImage, options: Normalized);

        Assert.Equal(5465, metrics.CaptionCount);
        AssertMatches(reference, metrics, Normalized.RecallCutoffs);
    }

    [Fact]
    public void DuplicatedCaptionSharedByTwoImagesIsTwoSeparateRows()
    {
        var problem = SyntheticRetrievalProblem.Dyadic(seed: 7, imageCount: 20, dimension: 8, minCaptions: 1, maxCaptions: 3);
        // Caption rows 0 and 1 get the same text embedding but belong to different images.
        float[][] captions = problem.Captions.ToArray();
        int[] mapping = problem.CaptionToImage.ToArray();
        captions[1] = captions[0].ToArray();
        if (mapping[1] == mapping[0])
            mapping[1] = (mapping[0] + 1) % 20;
        var withDuplicate = new SyntheticRetrievalProblem { Images = problem.Images, Captions = captions, CaptionToImage = mapping };
        // Images must keep at least one caption each; add one per image so the mapping stays valid.
        var padded = new SyntheticRetrievalProblem
        {
            Images = withDuplicate.Images,
            Captions = withDuplicate.Captions.Concat(withDuplicate.Images.Select(v => v.ToArray())).ToArray(),
            CaptionToImage = withDuplicate.CaptionToImage.Concat(Enumerable.Range(0, 20)).ToArray(),
        };
        var reference = new DenseRetrievalReference(padded.Images, padded.Captions, padded.CaptionToImage);

        RetrievalMetrics metrics = new MLContext().Retrieval().Evaluate(padded.ImageMatrix, padded.CaptionMatrix,
            padded.CaptionToImage, options: Normalized);

        AssertMatches(reference, metrics, Normalized.RecallCutoffs);
        // Same query vector, same score list: the two rows can both hit only if their images tie.
        Assert.Equal(metrics.TextToImage.TopCandidates[0], metrics.TextToImage.TopCandidates[1]);
    }

    [Fact]
    public void OneTopCandidateTakesTheSingleSweepWithTheSameResults()
    {
        var problem = SyntheticRetrievalProblem.Dyadic(seed: 4, imageCount: 45, dimension: 16, minCaptions: 1, maxCaptions: 7, valueSteps: 4);
        var catalog = new MLContext().Retrieval();
        RetrievalMetrics five = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, options: Normalized);

        RetrievalMetrics one = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage,
            options: new RetrievalEvaluatorOptions { EmbeddingsAreNormalized = true, RecallCutoffs = Normalized.RecallCutoffs, TopCandidateCount = 1 });

        Assert.Equal(five.ImageToText.Ranks, one.ImageToText.Ranks);
        Assert.Equal(five.TextToImage.Ranks, one.TextToImage.Ranks);
        Assert.Equal(five.TextToImage.TopCandidates, one.TextToImage.TopCandidates);
        Assert.Equal(five.ImageToText.TopCandidates, one.ImageToText.TopCandidates);
        Assert.Equal((5, 1), (five.TextToImage.TopCandidateCount, one.TextToImage.TopCandidateCount));
        Assert.Equal([one.TextToImage.TopCandidates[3]], one.TextToImage.GetTopCandidates(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage,
            options: new RetrievalEvaluatorOptions { TopCandidateCount = 0 }));
    }

    [Fact]
    public void NormalisationMakesScoresCosineSimilarities()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 11, imageCount: 50, dimension: 16, captionsPerImage: 5, noise: 1.5f);
        // Scale every vector by an arbitrary positive factor: cosine ranks must not change.
        var random = new Random(3);
        float[][] Scaled(float[][] rows) => rows.Select(r => { float s = (float)(0.01 + 100 * random.NextDouble()); return r.Select(v => v * s).ToArray(); }).ToArray();
        var catalog = new MLContext().Retrieval();

        RetrievalMetrics original = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);
        RetrievalMetrics scaled = catalog.Evaluate(EmbeddingMatrix.FromRows(Scaled(problem.Images)),
            EmbeddingMatrix.FromRows(Scaled(problem.Captions)), problem.CaptionToImage);

        Assert.Equal(original.ImageToText.Ranks, scaled.ImageToText.Ranks);
        Assert.Equal(original.TextToImage.Ranks, scaled.TextToImage.Ranks);
        Assert.InRange(original.MeanRecall, 1, 99);
    }

    private static void AssertMatches(DenseRetrievalReference reference, RetrievalMetrics metrics, IReadOnlyList<int> cutoffs)
    {
        Assert.Equal(reference.ImageToTextRanks, metrics.ImageToText.Ranks);
        Assert.Equal(reference.TextToImageRanks, metrics.TextToImage.Ranks);
        Assert.Equal(reference.ImageToTextTop, metrics.ImageToText.TopCandidates);
        Assert.Equal(reference.TextToImageTop, metrics.TextToImage.TopCandidates);
        // The default keeps five candidates per query, in protocol order (the report's gallery).
        Assert.Equal(reference.ImageToTextTopFive, Enumerable.Range(0, metrics.ImageCount).Select(i => metrics.ImageToText.GetTopCandidates(i).ToArray()));
        Assert.Equal(reference.TextToImageTopFive, Enumerable.Range(0, metrics.CaptionCount).Select(j => metrics.TextToImage.GetTopCandidates(j).ToArray()));
        foreach (int k in cutoffs)
        {
            Assert.Equal(DenseRetrievalReference.Recall(reference.ImageToTextRanks, k), metrics.ImageToText.RecallAtK[k]);
            Assert.Equal(DenseRetrievalReference.Recall(reference.TextToImageRanks, k), metrics.TextToImage.RecallAtK[k]);
        }
        double expectedMeanRecall = new[] { 1, 5, 10 }
            .Sum(k => DenseRetrievalReference.Recall(reference.ImageToTextRanks, k) + DenseRetrievalReference.Recall(reference.TextToImageRanks, k)) / 6;
        Assert.Equal(expectedMeanRecall, metrics.MeanRecall, 12);
        Assert.Equal(reference.ImageToTextRanks.Average(), metrics.ImageToText.MeanRank, 12);
    }
}
