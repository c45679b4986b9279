using System.Globalization;
using DuckDB.NET.Data;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search.Export;
using PriorClip.MLNet.Search.Metadata;

namespace PriorClip.MLNet.Tests.Search;

/// <summary>An archive exported to Parquet, read back by embedded DuckDB: a top-k cosine query in SQL returns what <c>search</c> returns.</summary>
public sealed class ParquetExportTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static EmbeddingMatrix Unit(int rows, int dim, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * dim];
        for (int r = 0; r < rows; r++)
        {
            double norm = 0;
            for (int d = 0; d < dim; d++) { values[r * dim + d] = (float)(random.NextDouble() * 2 - 1); norm += values[r * dim + d] * values[r * dim + d]; }
            for (int d = 0; d < dim; d++) values[r * dim + d] = (float)(values[r * dim + d] / Math.Sqrt(norm));
        }
        return new EmbeddingMatrix(values, rows, dim);
    }

    string Archive(int rows)
    {
        string folder = Path.Combine(_dir, "archive");
        Directory.CreateDirectory(folder);
        NpyFile.WriteEmbeddingMatrix(Path.Combine(folder, "images.npy"), Unit(rows, 24, seed: 3));
        File.WriteAllLines(Path.Combine(folder, "image_ids.txt"), Enumerable.Range(0, rows).Select(i => $"tile_{i:D4}.png"));
        ArchiveMetadataFile.Write(Path.Combine(folder, ArchiveMetadataFile.FileName), Enumerable.Range(0, rows).Select(i => new ArchiveItem
        {
            Id = $"tile_{i:D4}.png", Class = i % 3 == 0 ? "harbor" : "forest", Date = new DateTime(2024, 5, 1).AddDays(i % 10),
            Bbox = [13 + i * 0.01, 45, 13.005 + i * 0.01, 45.005], Tile = [i * 64, 0, 64, 64],
        }));
        return folder;
    }

    [Fact]
    public void ATopKCosineQueryInDuckDbReturnsTheItemsAndOrderOfTheLibrarysExactSearch()
    {
        string folder = Archive(rows: 300), parquet = Path.Combine(_dir, "archive.parquet");
        Assert.Equal(300, ParquetArchiveExport.Write(folder, parquet));
        var candidates = NpyFile.ReadEmbeddingMatrix(Path.Combine(folder, "images.npy"));
        var ids = File.ReadAllLines(Path.Combine(folder, "image_ids.txt"));
        var queries = Unit(5, 24, seed: 11);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        for (int q = 0; q < queries.Rows; q++)
        {
            string vector = "[" + string.Join(", ", queries.Row(q).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]::FLOAT[]";
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id FROM read_parquet('{parquet}') ORDER BY list_cosine_similarity(embedding, {vector}) DESC LIMIT 10";
            var fromSql = new List<string>();
            using (var reader = command.ExecuteReader()) while (reader.Read()) fromSql.Add(reader.GetString(0));
            var fromSearch = EmbeddingSearch.TopK(queries.Row(q), candidates, 10).Select(h => ids[h.Index]).ToList();
            Assert.Equal(fromSearch, fromSql);
        }
    }

    [Fact]
    public void TheFileHoldsTheMetadataColumnsAnEngineFiltersOn()
    {
        string folder = Archive(rows: 30), parquet = Path.Combine(_dir, "meta.parquet");
        ParquetArchiveExport.Write(folder, parquet);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), min(row), max(len(embedding)) FROM read_parquet('{parquet}') WHERE class = 'harbor' AND date >= DATE '2024-05-05' AND max_lon <= 13.2";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        // Rows 0..30 with i % 3 == 0 (harbor), i % 10 >= 4 (date from May 5th), 13.005 + 0.01 i ≤ 13.2 (i ≤ 19): 6, 9, 15, 18.
        Assert.Equal(4L, Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        Assert.Equal(6, Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
        Assert.Equal(24L, Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AnArchiveWithoutEmbeddingsOrWithMismatchedIdsIsNamed()
    {
        string empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        Assert.Contains("no image embeddings", Assert.Throws<FileNotFoundException>(() => ParquetArchiveExport.Write(empty, Path.Combine(_dir, "x.parquet"))).Message);
        string folder = Archive(rows: 10);
        File.WriteAllLines(Path.Combine(folder, "image_ids.txt"), ["only one"]);
        Assert.Contains("has 1 lines but images.npy has 10 rows", Assert.Throws<InvalidDataException>(() => ParquetArchiveExport.Write(folder, Path.Combine(_dir, "y.parquet"))).Message);
        Assert.False(File.Exists(Path.Combine(_dir, "y.parquet")));
    }
}
