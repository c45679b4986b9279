using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search;

namespace PriorClip.MLNet.Tests.Search;

/// <summary>The HNSW index against brute force (<see cref="EmbeddingSearch"/>), on disk and back, and its errors.</summary>
public class EmbeddingIndexTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-index-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Embedding-like data: 50 clusters (scene classes) in 48 dimensions, members spread around their centre, so
    // neighbours are close together and near-ties are common, as in an encoded archive.
    internal static EmbeddingMatrix Clustered(int rows, int seed, int dimension = 48)
    {
        var random = new Random(seed);
        var centres = new float[50][];
        for (int c = 0; c < centres.Length; c++) centres[c] = Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray();
        var values = new float[rows * dimension];
        for (int i = 0; i < rows; i++)
        {
            var centre = centres[random.Next(centres.Length)];
            for (int d = 0; d < dimension; d++) values[i * dimension + d] = centre[d] + 0.6f * Gaussian(random);
        }
        return new EmbeddingMatrix(values, rows, dimension);
    }

    static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    static double RecallAt10(EmbeddingIndex index, EmbeddingMatrix rows, EmbeddingMatrix queries, bool reRank)
    {
        int agreed = 0;
        for (int q = 0; q < queries.Rows; q++)
        {
            var exact = EmbeddingSearch.TopK(queries.Row(q), rows, 10).Select(h => h.Index).ToHashSet();
            agreed += index.Search(queries.Row(q), 10, reRank ? rows : null).Count(h => exact.Contains(h.Index));
        }
        return agreed / (10.0 * queries.Rows);
    }

    [Theory]
    [InlineData(IndexStorage.Float32, false)]
    [InlineData(IndexStorage.Float32, true)]
    [InlineData(IndexStorage.Float16, true)]
    [InlineData(IndexStorage.Int8, true)]
    public void RecallAtTenAgainstBruteForceIsAtLeastNinetyFivePercent(IndexStorage storage, bool reRank)
    {
        var rows = Clustered(5000, seed: 1);
        var queries = Clustered(200, seed: 1 + 1000);
        using var index = EmbeddingIndex.Build(rows, new EmbeddingIndexOptions { Storage = storage });
        Assert.Equal(5000, index.Count);
        double recall = RecallAt10(index, rows, queries, reRank);
        Assert.True(recall >= 0.95, $"recall@10 {recall:F3} with {storage} storage, re-ranking {reRank}");
    }

    [Fact]
    public void ReRankedHitsCarryBruteForceScoresBitForBit()
    {
        // Above ExactScanUpTo, so the graph proposes the candidates and only their scores are recomputed.
        var rows = Clustered(5000, seed: 2);
        var queries = Clustered(50, seed: 3);
        using var index = EmbeddingIndex.Build(rows, new EmbeddingIndexOptions { Storage = IndexStorage.Int8 });
        for (int q = 0; q < queries.Rows; q++)
        {
            var exact = EmbeddingSearch.TopK(queries.Row(q), rows, rows.Rows).ToDictionary(h => h.Index, h => h.Score);
            foreach (var hit in index.Search(queries.Row(q), 10, rows))
                Assert.Equal(exact[hit.Index], hit.Score);
        }
    }

    [Fact]
    public void SavedIndexLoadsAndMapsWithTheSameResults()
    {
        var rows = Clustered(3000, seed: 4);
        var queries = Clustered(40, seed: 5);
        string path = Path.Combine(_dir, "sub", "images.usearch");
        List<SearchHit[]> before;
        using (var index = EmbeddingIndex.Build(rows, new EmbeddingIndexOptions { Storage = IndexStorage.Float16 }))
        {
            before = Enumerable.Range(0, queries.Rows).Select(q => index.Search(queries.Row(q), 10).ToArray()).ToList();
            index.Save(path);
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        foreach (bool mapped in new[] { false, true })
        {
            using var reopened = EmbeddingIndex.Open(path, memoryMapped: mapped);
            Assert.Equal((3000, 48, mapped), (reopened.Count, reopened.Dimension, reopened.IsReadOnly));
            for (int q = 0; q < queries.Rows; q++)
                Assert.Equal(before[q], reopened.Search(queries.Row(q), 10).ToArray());
        }
    }

    [Fact]
    public void AddedRowsContinueTheKeysAndAreFound()
    {
        var all = Clustered(1200, seed: 6);
        var first = new EmbeddingMatrix(all.Values[..(800 * 48)].ToArray(), 800, 48);
        var second = new EmbeddingMatrix(all.Values[(800 * 48)..].ToArray(), 400, 48);
        string path = Path.Combine(_dir, "grown.usearch");
        using (var index = EmbeddingIndex.Build(first)) index.Save(path);
        using (var index = EmbeddingIndex.Open(path))
        {
            index.Add(second);
            Assert.Equal(1200, index.Count);
            index.Save(path);
        }
        using var grown = EmbeddingIndex.Open(path, memoryMapped: true);
        // Graph only (a 1,200-row index with the rows would be scanned exactly).
        for (int row = 800; row < 1200; row += 37)
            Assert.Equal(row, grown.Search(all.Row(row), 1)[0].Index);
        Assert.True(RecallAt10(grown, all, Clustered(100, seed: 7), reRank: false) >= 0.95);
        var ex = Assert.Throws<InvalidOperationException>(() => grown.Add(second));
        Assert.Contains("memory-mapped", ex.Message);
    }

    [Fact]
    public void AFileThatIsNotAnIndexIsNamed()
    {
        string path = Path.Combine(_dir, "images.usearch");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7]);
        var ex = Assert.Throws<InvalidDataException>(() => EmbeddingIndex.Open(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("not a readable USearch index", ex.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => EmbeddingIndex.Open(Path.Combine(_dir, "none.usearch")));
        Assert.Contains("none.usearch", missing.Message);
    }

    [Fact]
    public void WrongDimensionsAndZeroRowsAreRefusedWithTheirSizes()
    {
        var rows = Clustered(100, seed: 8);
        using var index = EmbeddingIndex.Build(rows);
        var query = Assert.Throws<ArgumentException>(() => index.Search(new float[47], 5));
        Assert.Contains("47 dimensions", query.Message);
        Assert.Contains("48", query.Message);
        var zero = Assert.Throws<ArgumentException>(() => index.Add(new EmbeddingMatrix(new float[48], 1, 48)));
        Assert.Contains("all zeros", zero.Message);
        var fewer = Assert.Throws<ArgumentException>(() => index.Search(rows.Row(0), 5, Clustered(50, seed: 9)));
        Assert.Contains("pass the matrix it was built from", fewer.Message);
    }

    [Fact]
    public void ASmallIndexWithItsRowsIsScannedExactly()
    {
        var rows = Clustered(EmbeddingIndex.ExactScanUpTo, seed: 10);
        var queries = Clustered(20, seed: 11);
        using var index = EmbeddingIndex.Build(rows, new EmbeddingIndexOptions { Storage = IndexStorage.Int8, Connectivity = 2, ExpansionAdd = 1, ExpansionSearch = 1 });
        for (int q = 0; q < queries.Rows; q++)
            Assert.Equal(EmbeddingSearch.TopK(queries.Row(q), rows, 10), index.Search(queries.Row(q), 10, rows));
    }
}
