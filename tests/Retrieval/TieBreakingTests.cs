using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Hand-built equal scores: the lower candidate index ranks first (docs/method.md §9).</summary>
public sealed class TieBreakingTests
{
    private static readonly RetrievalEvaluatorOptions Raw = new() { EmbeddingsAreNormalized = true };

    [Fact]
    public void IdenticalImagesRankByIndexForTextToImage()
    {
        // Three identical images, one caption each: every caption scores all images equally, so
        // caption j's own image (index j) has rank j + 1.
        float[][] images = [[1f, 0f], [1f, 0f], [1f, 0f]];
        float[][] captions = [[1f, 0f], [1f, 0f], [1f, 0f]];

        RetrievalMetrics metrics = Evaluate(images, captions, [0, 1, 2]);

        Assert.Equal([1, 2, 3], metrics.TextToImage.Ranks);
        Assert.Equal([0, 0, 0], metrics.TextToImage.TopCandidates);
        Assert.Equal(100.0 / 3, metrics.TextToImage.RecallAt1, 12);
    }

    [Fact]
    public void ImageRankIsTheBestOfItsTiedCaptions()
    {
        // Image 0 owns captions 1 and 3, image 1 owns 0 and 2; all captions are identical, so each
        // image's caption list is 0,1,2,3. Image 0's best caption (1) is at rank 2; image 1's (0) at 1.
        float[][] images = [[0f, 1f], [0f, 1f]];
        float[][] captions = [[0f, 1f], [0f, 1f], [0f, 1f], [0f, 1f]];

        RetrievalMetrics metrics = Evaluate(images, captions, [1, 0, 1, 0]);

        Assert.Equal([2, 1], metrics.ImageToText.Ranks);
        Assert.Equal(50, metrics.ImageToText.RecallAt1);
        Assert.Equal(100, metrics.ImageToText.RecallAt5);
    }

    [Fact]
    public void EqualScoreAtLowerIndexBeatsTheTrueItemButHigherIndexDoesNot()
    {
        // Caption [1, 0] scores image 0 → 0.5, image 1 → 0.5, image 2 → 0.5, image 3 → 0.25.
        // Its true image is 1: image 0 ties and ranks ahead, image 2 ties and ranks behind.
        float[][] images = [[0.5f, 0f], [0.5f, 0f], [0.5f, 0.5f], [0.25f, 0f]];
        float[][] captions = [[1f, 0f], [0f, 1f], [0f, 1f], [0f, 1f]];

        RetrievalMetrics metrics = Evaluate(images, captions, [1, 0, 2, 3]);

        Assert.Equal(2, metrics.TextToImage.Ranks[0]);
        Assert.Equal(0, metrics.TextToImage.TopCandidates[0]);
    }

    private static RetrievalMetrics Evaluate(float[][] images, float[][] captions, int[] mapping) =>
        new MLContext().Retrieval().Evaluate(EmbeddingMatrix.FromRows(images), EmbeddingMatrix.FromRows(captions), mapping, options: Raw);
}
