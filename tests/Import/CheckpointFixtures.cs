using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Import;

/// <summary>
/// The files of tests/Fixtures/Checkpoints (written by PyTorch: make_checkpoints.py there) and readers for them.
/// </summary>
internal static class CheckpointFixtures
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", "Checkpoints", .. parts]);

    /// <summary>"vit" (32 px) or "rn" (64 px) image paths.</summary>
    public static string[] Images(string model) =>
        JsonDocument.Parse(File.ReadAllText(Path("images.json"))).RootElement.GetProperty(model)
            .EnumerateArray().Select(e => Path(e.GetString()!)).ToArray();

    public static string[] Captions() =>
        JsonDocument.Parse(File.ReadAllText(Path("captions.json"))).RootElement
            .EnumerateArray().Select(e => e.GetProperty("caption").GetString()!).ToArray();

    public static EmbeddingMatrix Reference(string name) => NpyFile.ReadEmbeddingMatrix(Path(name));

    /// <summary>Asserts every value of <paramref name="actual"/> (rows) within <paramref name="tolerance"/> of the reference .npy.</summary>
    public static void AssertClose(string referenceNpy, IReadOnlyList<float[]> actual, double tolerance = 1e-4)
    {
        var expected = Reference(referenceNpy);
        Assert.Equal(expected.Rows, actual.Count);
        double worst = 0;
        for (int r = 0; r < expected.Rows; r++)
        {
            var row = expected.Row(r);
            Assert.Equal(row.Length, actual[r].Length);
            for (int c = 0; c < row.Length; c++) worst = Math.Max(worst, Math.Abs(row[c] - actual[r][c]));
        }
        Assert.True(worst <= tolerance, $"{referenceNpy}: largest difference {worst:E2} exceeds {tolerance:E0}");
    }

    sealed class Row
    {
        public string ImagePath { get; set; } = "";
        public string Caption { get; set; } = "";
    }

    /// <summary>Image and text embeddings of the fixture's images and captions through a fitted chain.</summary>
    public static (float[][] Images, float[][] Texts) Encode(MLContext ml, ITransformer model, string images)
    {
        var parts = PriorClip.MLNet.Pipelines.Recipes.RetrievalModelParts.From(model);
        var imageRows = ml.Data.LoadFromEnumerable(Images(images).Select(p => new Row { ImagePath = p }).ToList());
        var textRows = ml.Data.LoadFromEnumerable(Captions().Select(c => new Row { Caption = c }).ToList());
        var img = parts.ImageSide.Transform(imageRows).GetColumn<float[]>("ImageEmbedding").ToArray();
        var txt = parts.TextSide.Transform(textRows).GetColumn<float[]>("TextEmbedding").ToArray();
        return (img, txt);
    }
}
