using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>The report folder: metrics.json keys and values, report.md, a self-contained report.html.</summary>
public sealed class RetrievalReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("priorclip-report-").FullName;
    private readonly MLContext _mlContext = new(seed: 1);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void MetricsJsonCarriesTheProtocolNumbersNdcgAndPerClassValues()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 31, imageCount: 40, dimension: 8, captionsPerImage: 5, noise: 2f);
        string[] classes = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "farmland" : "port").ToArray();
        var catalog = _mlContext.Retrieval();
        RetrievalMetrics metrics = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, classes);
        var t2iRanking = _mlContext.Ranking.Evaluate(catalog.ToRankingData(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage,
            RetrievalDirection.TextToImage), "Label", "GroupId", "Score");
        string folder = Path.Combine(_folder, "report");

        RetrievalReportWriter.Write(metrics, folder, new RetrievalReportOptions { TextToImageRanking = t2iRanking });

        Assert.Equal(["metrics.json", "report.html", "report.md"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "metrics.json")));
        JsonElement root = json.RootElement;
        Assert.Equal(metrics.ImageToText.RecallAt1, root.GetProperty("image_to_text").GetProperty("R@1").GetDouble());
        Assert.Equal(metrics.ImageToText.RecallAt10, root.GetProperty("image_to_text").GetProperty("R@10").GetDouble());
        Assert.Equal(metrics.TextToImage.RecallAt5, root.GetProperty("text_to_image").GetProperty("R@5").GetDouble());
        Assert.Equal(metrics.MeanRecall, root.GetProperty("mR").GetDouble());
        Assert.Equal(metrics.TextToImage.MedianRank, root.GetProperty("text_to_image").GetProperty("median_rank").GetDouble());
        Assert.Equal(metrics.TextToImage.RecallAt1 / 100, root.GetProperty("text_to_image").GetProperty("NDCG@1").GetDouble(), 12);
        Assert.False(root.GetProperty("image_to_text").TryGetProperty("NDCG@1", out _));
        JsonElement port = root.GetProperty("per_class").EnumerateArray().Single(c => c.GetProperty("class").GetString() == "port");
        Assert.Equal(metrics.PerSceneClass!.Single(c => c.SceneClass == "port").TextToImageRecallAtK[1],
            port.GetProperty("text_to_image").GetProperty("R@1").GetDouble());
        Assert.Equal(2, root.GetProperty("text_to_image_top1_confusion").GetProperty("classes").GetArrayLength());

        string markdown = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains($"| {metrics.ImageToText.RecallAt1:F2} | {metrics.ImageToText.RecallAt5:F2} |", markdown);
        Assert.Contains("| port | 20 | 100 |", markdown);
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Equal(2, html.Split("var renderPlotly_").Length - 1); // recall@K and per-class charts (no training curve given)
        Assert.DoesNotContain("src='http", html);
        Assert.DoesNotContain("<script src", html);
    }

    [Fact]
    public void GalleryEmbedsThumbnailsAndCaptionTexts()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 32, imageCount: 6, dimension: 8, captionsPerImage: 2, noise: 1f);
        string[] paths = Enumerable.Range(0, 6).Select(i => TestPng.Write(Path.Combine(_folder, $"image{i}.png"), (byte)(i * 40))).ToArray();
        string[] texts = Enumerable.Range(0, 12).Select(j => $"caption <{j}> of image {j / 2}").ToArray();
        RetrievalMetrics metrics = _mlContext.Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);
        string folder = Path.Combine(_folder, "gallery");

        RetrievalReportWriter.Write(metrics, folder, new RetrievalReportOptions { ImagePaths = paths, CaptionTexts = texts, GalleryQueryCount = 3 });

        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        // Three captions × their top 5 images (plus the own image after them when it ranks lower), then three query images.
        int[] sampled = [0, 4, 8];
        int misses = sampled.Count(caption => metrics.TextToImage.Ranks[caption] > 5);
        Assert.Equal(3 * 5 + misses + 3, html.Split("data:image/jpeg;base64,").Length - 1);
        Assert.Equal(3, html.Split("class='own'").Length - 1); // each caption's own image is marked once
        Assert.Contains("caption &lt;0&gt; of image 0", html);
        Assert.DoesNotContain(_folder, html);
    }

    [Fact]
    public void RewritingReplacesTheFolderAndLeavesNoTemporaryFolders()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 33, imageCount: 5, dimension: 4, captionsPerImage: 1, noise: 1f);
        RetrievalMetrics metrics = _mlContext.Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);
        string folder = Path.Combine(_folder, "again");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "stale.txt"), "from an older run");

        RetrievalReportWriter.Write(metrics, folder);

        Assert.False(File.Exists(Path.Combine(folder, "stale.txt")));
        Assert.True(File.Exists(Path.Combine(folder, "metrics.json")));
        Assert.Equal([folder], Directory.GetDirectories(_folder));
    }

    [Fact]
    public void MissingParentFolderIsReported()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 34, imageCount: 3, dimension: 4, captionsPerImage: 1, noise: 1f);
        RetrievalMetrics metrics = _mlContext.Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);

        var error = Assert.Throws<DirectoryNotFoundException>(() => RetrievalReportWriter.Write(metrics, Path.Combine(_folder, "no", "such")));

        Assert.Contains("its parent folder", error.Message);
    }
}
