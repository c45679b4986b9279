using System.Text.RegularExpressions;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Notebooks;

/// <summary>
/// notebooks/*.ipynb run top to bottom through the .NET Interactive C# kernel with tiny parameters
/// (see <see cref="NotebookRunner"/>), and their outputs are checked against the library.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class NotebookKernelTests
{
    /// <summary>The cell injected after the parameters cell: a tiny set, one short epoch, a temp folder.</summary>
    internal static string TinyParameters(string outputFolder, bool validation) =>
        $"""
        trainImages = {TinySizes.TrainImages};
        {(validation ? $"valImages = {TinySizes.ValImages};" : "")}
        testImages = {TinySizes.TestImages};
        epochs = {TinySizes.Epochs};
        batchSize = {TinySizes.BatchSize};
        outputFolder = @"{outputFolder}";
        """;

    [Fact]
    public async Task QuickstartTrainsEvaluatesChartsAndSearches()
    {
        using var folder = new TempDirectory();
        using var run = await NotebookRunner.RunAsync("quickstart.ipynb", TinyParameters(folder.Path, validation: true));

        var metrics = run.Value<RetrievalMetrics>("metrics");
        Assert.Equal(TinySizes.TestImages, metrics.ImageCount);
        double chance = RetrievalChance.MeanRecall(metrics);
        Assert.True(metrics.MeanRecall > chance, $"test mR {metrics.MeanRecall:F2} is not above chance {chance:F2}");
        Assert.Contains($"Test mR {metrics.MeanRecall:F2} (chance {chance:F2})", run.StandardOutput);
        Assert.Contains(run.Html, html => html.Contains("<table>") && html.Contains($"{metrics.MeanRecall:F2}"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "report", "report.html")), "RetrievalEvaluation.Run wrote no report.html");

        // The three Plotly charts, displayed in one output with plotly.js inlined once.
        string charts = Assert.Single(run.Html, html => html.Contains("Plotly.newPlot(", StringComparison.Ordinal));
        Assert.StartsWith(RetrievalCharts.PlotlyScript, charts);
        string drawing = charts[RetrievalCharts.PlotlyScript.Length..];
        Assert.DoesNotContain("plotly.js v", drawing);
        Assert.Equal(3, Regex.Matches(drawing, "<div id=\"[^\"]+\"").Count);
        foreach (string trace in new[] { "image → text", "text → image", "train loss", "validation mR (%)" })
            Assert.Contains($"\"name\":\"{trace}\"", drawing);

        // The thumbnails are the top-5 images' own PNG files, best score first.
        var top5 = run.Value<List<(DatasetImage Image, float Score)>>("top5");
        Assert.Equal(5, top5.Count);
        Assert.All(top5, hit => Assert.Equal(DatasetSplits.Test, hit.Image.Split));
        Assert.Equal(top5.Select(hit => hit.Score).OrderByDescending(s => s), top5.Select(hit => hit.Score));
        string thumbnails = Assert.Single(run.Html, html => html.Contains("<img", StringComparison.Ordinal));
        var sources = Regex.Matches(thumbnails, "<img src=\"data:image/png;base64,([^\"]+)\"").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.Equal(top5.Select(hit => File.ReadAllBytes(hit.Image.ImagePath)), sources);
    }

    [Fact]
    public async Task MlNetPipelineRoundTripsTheModelAndEvaluatesWithNdcg()
    {
        using var folder = new TempDirectory();
        using var run = await NotebookRunner.RunAsync("mlnet-pipeline.ipynb", TinyParameters(folder.Path, validation: false));

        Assert.True(File.Exists(Path.Combine(folder.Path, "priorclip-tiny.zip")), "the notebook saved no model .zip");

        // The model loaded in a new MLContext encodes the test split exactly like the fitted one.
        foreach (string side in new[] { "Image", "Text" })
        {
            var original = run.Value<float[][]>($"original{side}Embeddings");
            var loaded = run.Value<float[][]>($"loaded{side}Embeddings");
            Assert.Equal(TinySizes.TestImages * 5, original.Length);
            Assert.Equal(original, loaded);
            Assert.All(original, row => Assert.Equal(1.0, Math.Sqrt(row.Sum(v => (double)v * v)), 4));
        }
        Assert.True(run.Value<bool>("identical"));

        var metrics = run.Value<RetrievalMetrics>("metrics");
        double chance = RetrievalChance.MeanRecall(metrics);
        Assert.True(metrics.MeanRecall > chance, $"test mR {metrics.MeanRecall:F2} is not above chance {chance:F2}");

        // NDCG from ML.NET's ranking evaluator on the bridge: with one relevant image per caption, NDCG@1 = R@1 / 100.
        var ranking = run.Value<Dictionary<RetrievalDirection, RankingMetrics>>("ranking");
        Assert.Equal(metrics.TextToImage.RecallAt1 / 100, ranking[RetrievalDirection.TextToImage].NormalizedDiscountedCumulativeGains[0], 9);
        Assert.All(ranking.Values, r => Assert.InRange(r.NormalizedDiscountedCumulativeGains[9], 0.0, 1.0));
        string table = Assert.Single(run.Html, html => html.Contains("NDCG@10", StringComparison.Ordinal));
        Assert.Contains($"{ranking[RetrievalDirection.TextToImage].NormalizedDiscountedCumulativeGains[9]:F4}", table);

        // The DataFrame view: the five worst-ranked captions, rank first.
        string frame = Assert.Single(run.Html, html => html.Contains("<th>Rank</th>", StringComparison.Ordinal));
        Assert.Contains($"<td>{metrics.TextToImage.Ranks.Max()}</td>", frame);
    }
}

/// <summary>The tiny sizes with which the tests run the notebooks and their twins.</summary>
internal static class TinySizes
{
    public const int TrainImages = 48;
    public const int ValImages = 12;
    public const int TestImages = 24;
    public const int Epochs = 1;
    public const int BatchSize = 16;
}
