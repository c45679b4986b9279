using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Evaluation from an IDataView with one row per caption.</summary>
public sealed class DataViewEvaluationTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void RowsAreGroupedByImageIdInFirstSeenOrderAndMatchTheMatrixOverload()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 4, imageCount: 30, dimension: 6, captionsPerImage: 3, noise: 1.5f);
        // Shuffle rows and name images so that first-seen order differs from the generator's order.
        var random = new Random(8);
        int[] rowOrder = Enumerable.Range(0, problem.Captions.Length).OrderBy(_ => random.Next()).ToArray();
        var rows = rowOrder.Select(j => new CaptionRow
        {
            ImageEmbedding = problem.Images[problem.CaptionToImage[j]],
            TextEmbedding = problem.Captions[j],
            ImageId = $"img_{problem.CaptionToImage[j]}",
            SceneClass = $"class{problem.CaptionToImage[j] % 3}",
        }).ToList();

        RetrievalMetrics fromRows = _mlContext.Retrieval().Evaluate(_mlContext.Data.LoadFromEnumerable(rows), sceneClassColumnName: "SceneClass");

        string[] firstSeen = rows.Select(r => r.ImageId).Distinct().ToArray();
        Assert.Equal(firstSeen, fromRows.ImageIds);
        int[] mapping = rows.Select(r => Array.IndexOf(firstSeen, r.ImageId)).ToArray();
        Assert.Equal(mapping, fromRows.CaptionToImage);
        float[][] images = firstSeen.Select(id => problem.Images[int.Parse(id[4..])]).ToArray();
        RetrievalMetrics fromMatrices = _mlContext.Retrieval().Evaluate(EmbeddingMatrix.FromRows(images),
            EmbeddingMatrix.FromRows(rows.Select(r => r.TextEmbedding).ToArray()), mapping);
        Assert.Equal(fromMatrices.ImageToText.Ranks, fromRows.ImageToText.Ranks);
        Assert.Equal(fromMatrices.TextToImage.Ranks, fromRows.TextToImage.Ranks);
        Assert.Equal(3, fromRows.PerSceneClass!.Count);
    }

    [Fact]
    public void FixedSizeVectorsAndIntegerIdsAreAccepted()
    {
        var rows = new[]
        {
            new FixedSizeCaptionRow { ImageEmbedding = [1, 0, 0, 0], TextEmbedding = [1, 0, 0, 0], ImageId = 70 },
            new FixedSizeCaptionRow { ImageEmbedding = [0, 1, 0, 0], TextEmbedding = [0, 1, 0, 0], ImageId = 3 },
            new FixedSizeCaptionRow { ImageEmbedding = [1, 0, 0, 0], TextEmbedding = [0.9f, 0.1f, 0, 0], ImageId = 70 },
        };

        RetrievalMetrics metrics = _mlContext.Retrieval().Evaluate(_mlContext.Data.LoadFromEnumerable(rows));

        Assert.Equal(["70", "3"], metrics.ImageIds);
        Assert.Equal(2, metrics.ImageCount);
        Assert.Equal(100, metrics.TextToImage.RecallAt1);
        Assert.Equal(100, metrics.ImageToText.RecallAt1);
    }

    [Fact]
    public void KeyTypedIdsAreAcceptedAndReadAsTheirKeyValues()
    {
        var rows = new[]
        {
            new CaptionRow { ImageEmbedding = [1, 0], TextEmbedding = [1, 0], ImageId = "a" },
            new CaptionRow { ImageEmbedding = [0, 1], TextEmbedding = [0, 1], ImageId = "b" },
        };
        IDataView keyed = _mlContext.Transforms.Conversion.MapValueToKey("ImageId")
            .Fit(_mlContext.Data.LoadFromEnumerable(rows)).Transform(_mlContext.Data.LoadFromEnumerable(rows));

        RetrievalMetrics metrics = _mlContext.Retrieval().Evaluate(keyed);

        Assert.Equal(["a", "b"], metrics.ImageIds);
        Assert.Equal(100, metrics.TextToImage.RecallAt1);
    }

    [Fact]
    public void MissingColumnIsNamedWithTheAvailableOnes()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new CaptionRow { ImageEmbedding = [1], TextEmbedding = [1], ImageId = "a" } });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Retrieval().Evaluate(data, imageIdColumnName: "Id"));

        Assert.Contains("image id column 'Id' is not in the data", error.Message);
        Assert.Contains("'ImageId'", error.Message);
    }

    [Fact]
    public void WrongEmbeddingTypeIsReported()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new DoubleEmbeddingRow { ImageEmbedding = [1, 0], TextEmbedding = [1, 0], ImageId = "a" } });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Retrieval().Evaluate(data));

        Assert.Contains("Column 'ImageEmbedding' is the image embedding column and must be a vector of Single", error.Message);
        Assert.Contains("Double", error.Message);
    }

    [Fact]
    public void UnsupportedImageIdTypeIsReported()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new CaptionRow { ImageEmbedding = [1], TextEmbedding = [1], ImageId = "a" } });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Retrieval().Evaluate(data, imageIdColumnName: "TextEmbedding"));

        Assert.Contains("Column 'TextEmbedding' is the image id column and must be Text, Int32, Int64, UInt32, UInt64, or a UInt32/UInt64 key", error.Message);
    }

    [Fact]
    public void WrongSceneClassTypeIsReported()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[] { new FixedSizeCaptionRow { ImageEmbedding = [1, 0, 0, 0], TextEmbedding = [1, 0, 0, 0], ImageId = 1 } });

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Retrieval().Evaluate(data, sceneClassColumnName: "ImageId"));

        Assert.Contains("Column 'ImageId' is the scene class column and must be Text", error.Message);
    }

    [Fact]
    public void DimensionMismatchNamesTheRow()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[]
        {
            new CaptionRow { ImageEmbedding = [1, 0], TextEmbedding = [1, 0], ImageId = "a" },
            new CaptionRow { ImageEmbedding = [0, 1], TextEmbedding = [0, 1, 0], ImageId = "b" },
        });

        var error = Assert.Throws<ArgumentException>(() => _mlContext.Retrieval().Evaluate(data));

        Assert.Contains("Row 1: column 'TextEmbedding' has 3 values but 2 are expected", error.Message);
    }

    [Fact]
    public void NaNEmbeddingNamesRowColumnAndPosition()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[]
        {
            new CaptionRow { ImageEmbedding = [1, 0], TextEmbedding = [1, 0], ImageId = "a" },
            new CaptionRow { ImageEmbedding = [0, 1], TextEmbedding = [0, float.NaN], ImageId = "b" },
        });

        var error = Assert.Throws<ArgumentException>(() => _mlContext.Retrieval().Evaluate(data));

        Assert.Contains("Row 1: column 'TextEmbedding' contains NaN at position 1", error.Message);
    }

    [Fact]
    public void EmptyDataIsRejected()
    {
        var data = _mlContext.Data.LoadFromEnumerable(Array.Empty<CaptionRow>());

        var error = Assert.Throws<ArgumentException>(() => _mlContext.Retrieval().Evaluate(data));

        Assert.Contains("The data has no rows", error.Message);
    }

    [Fact]
    public void OneImageIdWithTwoDifferentEmbeddingsIsRejected()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[]
        {
            new CaptionRow { ImageEmbedding = [1, 0], TextEmbedding = [1, 0], ImageId = "a" },
            new CaptionRow { ImageEmbedding = [0, 1], TextEmbedding = [0, 1], ImageId = "a" },
        });

        var error = Assert.Throws<ArgumentException>(() => _mlContext.Retrieval().Evaluate(data));

        Assert.Contains("Rows 0 and 1 have the same image id 'a' but different 'ImageEmbedding' values", error.Message);
    }

    [Fact]
    public void OneImageIdWithTwoSceneClassesIsRejected()
    {
        var data = _mlContext.Data.LoadFromEnumerable(new[]
        {
            new CaptionRow { ImageEmbedding = [1, 0], TextEmbedding = [1, 0], ImageId = "a", SceneClass = "port" },
            new CaptionRow { ImageEmbedding = [1, 0], TextEmbedding = [0, 1], ImageId = "a", SceneClass = "beach" },
        });

        var error = Assert.Throws<ArgumentException>(() => _mlContext.Retrieval().Evaluate(data, sceneClassColumnName: "SceneClass"));

        Assert.Contains("different SceneClass ('port' and 'beach')", error.Message);
    }
}
