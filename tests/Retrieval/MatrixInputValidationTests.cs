using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Validation messages of the embedding-matrix overload.</summary>
public sealed class MatrixInputValidationTests
{
    private readonly RetrievalCatalog _catalog = new MLContext().Retrieval();
    private static readonly EmbeddingMatrix TwoImages = EmbeddingMatrix.FromRows([[1f, 0f], [0f, 1f]]);
    private static readonly EmbeddingMatrix ThreeCaptions = EmbeddingMatrix.FromRows([[1f, 0f], [0f, 1f], [1f, 1f]]);

    [Fact]
    public void CaptionMappedToUnknownImageIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(TwoImages, ThreeCaptions, [0, 1, 2]));
        Assert.Contains("Caption 2 is mapped to image 2, which does not exist: there are 2 images", error.Message);
    }

    [Fact]
    public void ImageWithoutCaptionIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(TwoImages, ThreeCaptions, [0, 0, 0]));
        Assert.Contains("Image 1 ('1') has no caption", error.Message);
    }

    [Fact]
    public void DimensionMismatchIsReported()
    {
        var captions = EmbeddingMatrix.FromRows([[1f, 0f, 0f], [0f, 1f, 0f]]);
        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(TwoImages, captions, [0, 1]));
        Assert.Contains("Image embeddings have dimension 2 but text embeddings have dimension 3", error.Message);
    }

    [Fact]
    public void MappingLengthMustMatchCaptionCount()
    {
        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(TwoImages, ThreeCaptions, [0, 1]));
        Assert.Contains("has 2 entries but there are 3 text embeddings", error.Message);
    }

    [Fact]
    public void InfinityAndZeroVectorsAreReported()
    {
        var infinite = EmbeddingMatrix.FromRows([[1f, 0f], [float.PositiveInfinity, 1f]]);
        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(infinite, ThreeCaptions, [0, 1, 1]));
        Assert.Contains("Image embedding 1 contains an infinity at position 0", error.Message);

        var zero = EmbeddingMatrix.FromRows([[1f, 0f], [0f, 1f], [0f, 0f]]);
        error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(TwoImages, zero, [0, 1, 1]));
        Assert.Contains("Text embedding 2 is all zeros and cannot be L2-normalised", error.Message);
    }

    [Fact]
    public void HugeNormsAreRejectedWhenEmbeddingsAreDeclaredNormalised()
    {
        var huge = EmbeddingMatrix.FromRows([[1f, 0f], [3e19f, 0f]]);
        var options = new RetrievalEvaluatorOptions { EmbeddingsAreNormalized = true };

        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(huge, ThreeCaptions, [0, 1, 1], options: options));

        Assert.Contains("Image embedding 1 has L2 norm 3E+19", error.Message);
        Assert.Equal(100, _catalog.Evaluate(huge, EmbeddingMatrix.FromRows([[1f, 0f], [1f, 0f]]), [0, 1]).TextToImage.RecallAt5);
    }

    [Fact]
    public void EmptyMatricesAreRejected()
    {
        var none = new EmbeddingMatrix([], 0, 2);
        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(TwoImages, none, []));
        Assert.Contains("There are no text embeddings", error.Message);
    }

    [Fact]
    public void SceneClassCountMustMatchImages()
    {
        var error = Assert.Throws<ArgumentException>(() => _catalog.Evaluate(TwoImages, ThreeCaptions, [0, 1, 1], ["a"]));
        Assert.Contains("There are 1 scene classes but 2 images", error.Message);
    }

    [Fact]
    public void EmbeddingMatrixChecksItsShape()
    {
        var error = Assert.Throws<ArgumentException>(() => new EmbeddingMatrix(new float[5], 2, 3));
        Assert.Contains("needs 6 values; got 5", error.Message);
        error = Assert.Throws<ArgumentException>(() => EmbeddingMatrix.FromRows([[1f, 2f], [1f]]));
        Assert.Contains("Row 1 has 1 values but row 0 has 2", error.Message);
    }
}
