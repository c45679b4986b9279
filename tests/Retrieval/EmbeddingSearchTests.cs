using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Top-k search over an encoded archive ranks as the evaluator does.</summary>
public sealed class EmbeddingSearchTests
{
    [Fact]
    public void EachCaptionsTopFiveImagesAreTheEvaluatorsTopFive()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 17, imageCount: 60, dimension: 12, captionsPerImage: 3, noise: 1.5f);
        RetrievalMetrics metrics = new MLContext().Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);

        for (int caption = 0; caption < problem.Captions.Length; caption++)
        {
            IReadOnlyList<SearchHit> hits = EmbeddingSearch.TopK(problem.Captions[caption], problem.ImageMatrix, 5);
            Assert.Equal(metrics.TextToImage.GetTopCandidates(caption), hits.Select(h => h.Index));
            Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "scores are best first");
        }
    }

    [Fact]
    public void ScoresAreCosinesAndTiesGoToTheLowerRow()
    {
        var candidates = EmbeddingMatrix.FromRows([[2f, 0f], [0f, 3f], [5f, 0f], [1f, 1f]]);

        IReadOnlyList<SearchHit> hits = EmbeddingSearch.TopK([4f, 0f], candidates, 10);

        Assert.Equal([0, 2, 3, 1], hits.Select(h => h.Index));
        Assert.Equal(1f, hits[0].Score);
        Assert.Equal(MathF.Sqrt(0.5f), hits[2].Score, 6);
        Assert.Equal(0f, hits[3].Score);
    }

    [Fact]
    public void BadQueriesAreClearErrors()
    {
        var candidates = EmbeddingMatrix.FromRows([[1f, 0f], [0f, 0f]]);

        Assert.Contains("3 dimensions", Assert.Throws<ArgumentException>(() => EmbeddingSearch.TopK([1f, 0f, 0f], candidates, 1)).Message);
        Assert.Contains("the query", Assert.Throws<ArgumentException>(() => EmbeddingSearch.TopK([0f, 0f], candidates, 1)).Message);
        Assert.Contains("candidate row 1", Assert.Throws<ArgumentException>(() => EmbeddingSearch.TopK([1f, 1f], candidates, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingSearch.TopK([1f, 0f], candidates, 0));
    }

    [Fact]
    public void ABatchOfQueriesGivesEachQuerysOwnResultsScoreForScore()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 5, imageCount: 80, dimension: 16, captionsPerImage: 2, noise: 1.0f);
        // Repeated rows make exact ties, which must go to the lower row in the batch as in a single call.
        var candidates = EmbeddingMatrix.FromRows([.. Enumerable.Range(0, problem.ImageMatrix.Rows).Select(i => problem.ImageMatrix.Row(i % 50).ToArray())]);
        var batch = EmbeddingSearch.TopK(problem.CaptionMatrix, candidates, 7);
        Assert.Equal(problem.CaptionMatrix.Rows, batch.Count);
        for (int q = 0; q < batch.Count; q++)
        {
            Assert.Equal(EmbeddingSearch.TopK(problem.CaptionMatrix.Row(q), candidates, 7), batch[q]);
            // A full sort of every score, independent of the heap: higher score first, then lower row.
            var all = EmbeddingSearch.TopK(problem.CaptionMatrix.Row(q), candidates, candidates.Rows);
            Assert.Equal(all.OrderByDescending(h => h.Score).ThenBy(h => h.Index).Take(7), batch[q]);
        }
        var three = new EmbeddingMatrix(candidates.Values[..(3 * 16)].ToArray(), 3, 16);
        Assert.All(EmbeddingSearch.TopK(problem.CaptionMatrix, three, 10), hits => Assert.Equal(3, hits.Count));
        Assert.Contains("query row 1", Assert.Throws<ArgumentException>(() =>
            EmbeddingSearch.TopK(EmbeddingMatrix.FromRows([[1f, 0f], [0f, 0f]]), EmbeddingMatrix.FromRows([[1f, 0f]]), 1)).Message);
    }

    [Fact]
    public void ALargeArchiveScannedInSlicesGivesTheSequentialResultScoreForScore()
    {
        // 40,000 rows is above the size from which one query's scan is split over the cores; 37 dimensions leaves a tail
        // after the SIMD chunks. Duplicated rows make exact ties across slice boundaries.
        var random = new Random(3);
        const int rows = 40_000, dimension = 37;
        var values = new float[rows * dimension];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        for (int r = rows / 2; r < rows; r += 997) Array.Copy(values, (r - rows / 2) * dimension, values, r * dimension, dimension);
        var candidates = new EmbeddingMatrix(values, rows, dimension);
        var query = values.AsSpan(123 * dimension, dimension).ToArray();

        var hits = EmbeddingSearch.TopK(query, candidates, 20);

        // The reference: every row normalised the scalar way ((float)(x * (1 / norm)), norm in double), scored by the
        // same kernel over zero-padded rows, fully sorted (higher score first, then lower row).
        int stride = (dimension + System.Numerics.Vector<float>.Count - 1) / System.Numerics.Vector<float>.Count * System.Numerics.Vector<float>.Count;
        float[] Normalized(ReadOnlySpan<float> row)
        {
            double sum = 0;
            foreach (float v in row) sum += (double)v * v;
            var padded = new float[stride];
            for (int k = 0; k < row.Length; k++) padded[k] = (float)(row[k] * (1.0 / Math.Sqrt(sum)));
            return padded;
        }
        var q = Normalized(query);
        var expected = Enumerable.Range(0, rows)
            .Select(r => new SearchHit(r, DotProductKernel.Dot(q, Normalized(candidates.Row(r)))))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Index).Take(20);
        Assert.Equal(expected, hits);
        Assert.Equal(123, hits[0].Index);
        Assert.Equal(hits, EmbeddingSearch.TopK(new EmbeddingMatrix(query, 1, dimension), candidates, 20)[0]);

        values[(rows - 5) * dimension + 36] = float.NaN;
        Assert.Contains($"candidate row {rows - 5} contains NaN at position 36", Assert.Throws<ArgumentException>(() => EmbeddingSearch.TopK(query, candidates, 3)).Message);
    }
}
