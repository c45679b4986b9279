using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Build;
using SkiaSharp;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>
/// report.html opens in a real browser: headless Chromium (Debian's <c>chromium</c>, which .ci/run
/// installs) loads it from disk with the network off, and its DOM and a screenshot are checked.
/// </summary>
public sealed class ReportInBrowserTests : IDisposable
{
    const string Chromium = "/usr/bin/chromium";
    readonly string _folder = Directory.CreateTempSubdirectory("priorclip-browser-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string Browser(params string[] arguments)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does");
        // The flags keep Chromium off the network (it would try Google's hosts at start-up) and out of a sandbox root cannot use.
        string flags = $"--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking " +
                       $"--disable-component-update --disable-sync --user-data-dir=\"{Path.Combine(_folder, "profile")}\"";
        var (exitCode, output) = ProcessRunner.Run(Chromium, flags + " " + string.Join(' ', arguments), _folder, timeoutMs: 120_000);
        Assert.True(exitCode == 0, output);
        return output;
    }

    [Fact]
    public void ReportRendersWithChartsAndThumbnails()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 41, imageCount: 12, dimension: 8, captionsPerImage: 2, noise: 1f);
        string[] classes = Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? "harbor" : "forest").ToArray();
        string[] paths = Enumerable.Range(0, 12).Select(i => TestPng.Write(Path.Combine(_folder, $"image{i}.png"), (byte)(i * 20))).ToArray();
        string[] texts = Enumerable.Range(0, 24).Select(j => $"caption {j} of image {j / 2}").ToArray();
        var metrics = new MLContext(seed: 1).Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, classes);
        string report = Path.Combine(_folder, "report");
        RetrievalReportWriter.Write(metrics, report, new RetrievalReportOptions
        {
            ImagePaths = paths,
            CaptionTexts = texts,
            GalleryQueryCount = 3,
            TrainingCurve = [new(1, 2.5, 20), new(2, 1.9, 31), new(3, 1.6, 35)],
        });
        string page = new Uri(Path.Combine(report, "report.html")).AbsoluteUri;

        string html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.DoesNotContain("<script src", html); // plotly.js is inline: the page works offline

        // The virtual time budget lets plotly.js draw before the DOM is dumped.
        string dom = Browser("--virtual-time-budget=20000", "--dump-dom", page);
        // Plotly drew three plots (recall@K curves, training curve, per-class bars), each into its own SVG layers.
        Assert.Equal(3, dom.Split("class=\"plot-container plotly\"").Length - 1);
        Assert.True(dom.Split("class=\"main-svg\"").Length - 1 >= 3, "plotly.js drew its SVG layers");
        Assert.Contains("class=\"scatterlayer", dom); // the line traces
        Assert.Contains("class=\"barlayer", dom);     // the per-class columns
        Assert.Contains("Recall@K", dom);
        Assert.Contains("Per scene class", dom);
        // Gallery: top-5 thumbnails for each of 3 captions, plus the 3 query images.
        Assert.True(dom.Split("data:image/jpeg;base64,").Length - 1 >= 18, "the gallery shows thumbnails");
        Assert.Contains("class=\"own\"", dom); // a caption's own image is marked
        Assert.Contains("caption 0 of image 0", dom);

        string png = Path.Combine(_folder, "report.png");
        Browser("--virtual-time-budget=20000", $"--screenshot=\"{png}\"", "--window-size=1200,1600", page);
        using var shot = SKBitmap.Decode(png);
        Assert.Equal((1200, 1600), (shot.Width, shot.Height));
        // Charts and thumbnails put plenty of non-white pixels on the page.
        int coloured = 0;
        for (int y = 0; y < shot.Height; y += 4)
            for (int x = 0; x < shot.Width; x += 4)
            {
                var c = shot.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200) coloured++;
            }
        Assert.True(coloured > 2000, $"only {coloured} sampled pixels are not white");
    }
}
