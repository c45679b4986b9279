using System.Text.RegularExpressions;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>The Plotly.NET chart fragments: the data they carry and the plotly.js they bring.</summary>
public sealed class RetrievalChartsTests
{
    private static RetrievalMetrics Metrics(bool withClasses)
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 5, imageCount: 30, dimension: 8, captionsPerImage: 3, noise: 1f);
        string[]? classes = withClasses ? Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? "a<b & c" : "forest").ToArray() : null;
        return new MLContext(seed: 1).Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, classes);
    }

    /// <summary>The JSON array after <c>"name":"NAME"</c>'s <c>"y":</c> in a drawing script.</summary>
    private static double[] TraceY(string fragment, string name)
    {
        Match match = Regex.Match(fragment, $"\"name\":\"{Regex.Escape(name)}\"[^{{}}]*?\"y\":\\[([^\\]]*)\\]");
        Assert.True(match.Success, $"no trace named '{name}' with y values in the chart");
        return match.Groups[1].Value.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    [Fact]
    public void RecallCurveCarriesRecallAtEveryK()
    {
        RetrievalMetrics metrics = Metrics(withClasses: false);

        string fragment = RetrievalCharts.RecallAtK(metrics, maxK: 20, includePlotlyJs: false);

        Assert.Contains("Plotly.newPlot(", fragment);
        Assert.Equal(Enumerable.Range(1, 20).Select(metrics.ImageToText.RecallAt), TraceY(fragment, "image → text"));
        Assert.Equal(Enumerable.Range(1, 20).Select(metrics.TextToImage.RecallAt), TraceY(fragment, "text → image"));
        Assert.DoesNotContain("<script type=\"text/javascript\">!function", fragment);
    }

    [Fact]
    public void FragmentsBringPlotlyJsUnlessToldNot()
    {
        RetrievalMetrics metrics = Metrics(withClasses: false);

        string standalone = RetrievalCharts.RecallAtK(metrics);

        Assert.StartsWith(RetrievalCharts.PlotlyScript, standalone);
        Assert.Contains("plotly.js v", RetrievalCharts.PlotlyScript); // the library's own banner
        // Inline script: the source must not close its own element early.
        string body = RetrievalCharts.PlotlyScript["<script type=\"text/javascript\">".Length..^"</script>".Length];
        Assert.DoesNotContain("</script", body, StringComparison.OrdinalIgnoreCase);
        Assert.True(body.Length > 1_000_000, $"plotly.js is only {body.Length} characters");
    }

    [Fact]
    public void PerClassColumnsAreTheMeanOfRecallAtOneFiveTenWithNamesEscaped()
    {
        RetrievalMetrics metrics = Metrics(withClasses: true);

        string fragment = RetrievalCharts.PerSceneClass(metrics, includePlotlyJs: false);

        SceneClassRetrievalMetrics[] classes = metrics.PerSceneClass!.ToArray();
        double[] expected = classes.Select(c => (c.TextToImageRecallAtK[1] + c.TextToImageRecallAtK[5] + c.TextToImageRecallAtK[10]) / 3).ToArray();
        Assert.Equal(expected, TraceY(fragment, "text → image"), (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Contains("a&lt;b &amp; c", fragment);
        Assert.DoesNotContain("a<b", fragment);
    }

    [Fact]
    public void PerClassChartDrawsTheClassesWithTheMostCaptions()
    {
        var problem = SyntheticRetrievalProblem.Dyadic(seed: 9, imageCount: 40, dimension: 8, minCaptions: 1, maxCaptions: 7);
        string[] classes = Enumerable.Range(0, 40).Select(i => $"class{i % 8}").ToArray();
        RetrievalMetrics metrics = new MLContext(seed: 1).Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, classes);

        string fragment = RetrievalCharts.PerSceneClass(metrics, maxClasses: 3, includePlotlyJs: false);

        string[] busiest = metrics.PerSceneClass!.OrderByDescending(c => c.CaptionCount).Take(3).Select(c => c.SceneClass).ToArray();
        foreach (SceneClassRetrievalMetrics c in metrics.PerSceneClass!)
            Assert.Equal(busiest.Contains(c.SceneClass), fragment.Contains($"\"{c.SceneClass}\""));
        Assert.Contains("3 of 8 classes", fragment);
    }

    [Fact]
    public void TrainingCurveShowsLossAndValidationRecall()
    {
        string fragment = RetrievalCharts.TrainingCurve([new(1, 2.5, 20), new(2, 1.9, null), new(3, 1.6, 35)], includePlotlyJs: false);

        Assert.Equal([2.5, 1.9, 1.6], TraceY(fragment, "train loss"));
        Assert.Equal([20.0, 35.0], TraceY(fragment, "validation mR (%)")); // epochs without validation are skipped
    }

    [Fact]
    public void MissingInputsAreClearErrors()
    {
        var noClasses = Assert.Throws<ArgumentException>(() => RetrievalCharts.PerSceneClass(Metrics(withClasses: false)));
        Assert.Contains("scene class", noClasses.Message);
        var empty = Assert.Throws<ArgumentException>(() => RetrievalCharts.TrainingCurve([]));
        Assert.Contains("empty", empty.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalCharts.RecallAtK(Metrics(withClasses: false), maxK: 0));
    }
}
