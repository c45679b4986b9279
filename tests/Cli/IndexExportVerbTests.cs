using DuckDB.NET.Data;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip index export --parquet</c> on an archive that <c>encode</c> wrote.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class IndexExportVerbTests : IDisposable
{
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-parquet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnEncodedFolderBecomesAParquetFileDuckDbReads()
    {
        string images = Path.Combine(_dir, "images"), encoded = Path.Combine(_dir, "encoded"), parquet = Path.Combine(_dir, "archive.parquet");
        Directory.CreateDirectory(images);
        foreach (var file in Import.CheckpointFixtures.Images("rn")) File.Copy(file, Path.Combine(images, Path.GetFileName(file)));
        Assert.Equal(0, CliHarness.Run("encode", "-m", DemoModel, "--image-folder", images, "-o", encoded).ExitCode);
        var run = CliHarness.Run("index", "export", "--index", encoded, "--parquet", parquet);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Wrote 4 rows", run.Out);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, embedding FROM read_parquet('{parquet}') ORDER BY row";
        using var reader = command.ExecuteReader();
        var npy = NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "images.npy"));
        var ids = File.ReadAllLines(Path.Combine(encoded, "image_ids.txt"));
        for (int row = 0; row < 4; row++)
        {
            Assert.True(reader.Read());
            Assert.Equal(ids[row], reader.GetString(0));
            Assert.Equal(npy.Row(row).ToArray(), ((System.Collections.IEnumerable)reader.GetValue(1)).Cast<object>().Select(Convert.ToSingle).ToArray());
        }
        var missing = CliHarness.Run("index", "export", "--index", Path.Combine(_dir, "nowhere"), "--parquet", parquet);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);
    }
}
