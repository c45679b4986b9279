using System.Net;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Plotly.NET charts of retrieval results (recall@K, per scene class, training curve), as HTML
/// fragments that draw themselves in a browser or a notebook. Each fragment is self-contained
/// by default: it carries plotly.js (about 3.6 MB, the copy embedded in Plotly.NET), so it works
/// offline. A page with several charts includes <see cref="PlotlyScript"/> once and asks for the
/// fragments with <c>includePlotlyJs: false</c>, as report.html does.
/// </summary>
public static class RetrievalCharts
{
    private const int Width = 760, Height = 400;

    /// <summary>Recall (percent) against K = 1..<paramref name="maxK"/> for both directions.</summary>
    /// <param name="metrics">Result of <see cref="RetrievalCatalog"/>'s <c>Evaluate</c>.</param>
    /// <param name="maxK">Largest K drawn; capped at the larger of the image and caption counts.</param>
    /// <param name="includePlotlyJs">Prepend plotly.js so the fragment renders on its own.</param>
    /// <returns>An HTML fragment (a <c>div</c> and the script that draws into it).</returns>
    public static string RecallAtK(RetrievalMetrics metrics, int maxK = 50, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxK, 1);
        return PlotlyHtml.Fragment(RecallAtKChart(metrics, maxK), includePlotlyJs);
    }

    /// <summary>
    /// Mean of R@1/5/10 (percent) per scene class, both directions as grouped columns. With more
    /// than <paramref name="maxClasses"/> classes, those with the most captions are drawn.
    /// </summary>
    /// <param name="metrics">Metrics evaluated with a scene class column (or scene classes for the matrices).</param>
    /// <param name="maxClasses">Most classes drawn.</param>
    /// <param name="includePlotlyJs">Prepend plotly.js so the fragment renders on its own.</param>
    /// <returns>An HTML fragment (a <c>div</c> and the script that draws into it).</returns>
    /// <exception cref="ArgumentException">The metrics have no per-class breakdown.</exception>
    public static string PerSceneClass(RetrievalMetrics metrics, int maxClasses = 40, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClasses, 1);
        return PlotlyHtml.Fragment(PerSceneClassChart(metrics, maxClasses), includePlotlyJs);
    }

    /// <summary>Training loss and validation mR (percent) per epoch, side by side.</summary>
    /// <param name="curve">One point per epoch (e.g. <c>PriorClipTrainer.TrainingCurve</c>).</param>
    /// <param name="includePlotlyJs">Prepend plotly.js so the fragment renders on its own.</param>
    /// <returns>An HTML fragment (a <c>div</c> and the script that draws into it).</returns>
    /// <exception cref="ArgumentException">The curve is empty.</exception>
    public static string TrainingCurve(IReadOnlyList<TrainingCurvePoint> curve, bool includePlotlyJs = true)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0)
            throw new ArgumentException("The training curve is empty: there is nothing to draw.", nameof(curve));
        return PlotlyHtml.Fragment(TrainingCurveChart(curve), includePlotlyJs);
    }

    /// <summary>A <c>script</c> element holding plotly.js, for pages that show several charts.</summary>
    public static string PlotlyScript => PlotlyHtml.ScriptElement;

    internal static GenericChart RecallAtKChart(RetrievalMetrics metrics, int maxK)
    {
        int k = Math.Min(maxK, Math.Max(metrics.ImageCount, metrics.CaptionCount));
        int[] ks = Enumerable.Range(1, k).ToArray();
        GenericChart chart = CSharpChart.Combine(
        [
            Line(ks, ks.Select(metrics.ImageToText.RecallAt), "image → text"),
            Line(ks, ks.Select(metrics.TextToImage.RecallAt), "text → image"),
        ]);
        return Layout(chart, "Recall@K", "K", "recall (%)", percentAxis: true);
    }

    internal static GenericChart PerSceneClassChart(RetrievalMetrics metrics, int maxClasses)
    {
        if (metrics.PerSceneClass is not { } perClass)
            throw new ArgumentException("These metrics have no per-class breakdown: evaluate with a scene class column.", nameof(metrics));
        IReadOnlyList<SceneClassRetrievalMetrics> shown = ShownClasses(perClass, maxClasses);
        string[] names = shown.Select(c => Escape(c.SceneClass)).ToArray();
        static double Mean(IReadOnlyDictionary<int, double> recall) => (recall[1] + recall[5] + recall[10]) / 3;
        GenericChart chart = CSharpChart.Combine(
        [
            CSharpChart.Column<double, string, string>(shown.Select(c => Mean(c.ImageToTextRecallAtK)), Keys: names, Name: "image → text"),
            CSharpChart.Column<double, string, string>(shown.Select(c => Mean(c.TextToImageRecallAtK)), Keys: names, Name: "text → image"),
        ]);
        string title = shown.Count < perClass.Count
            ? $"Per scene class ({shown.Count} of {perClass.Count} classes, those with the most captions)"
            : "Per scene class";
        return Layout(chart, title, "scene class", "mean of R@1/5/10 (%)", percentAxis: true);
    }

    /// <summary>The classes drawn: all, or the <paramref name="maxClasses"/> with the most captions in name order.</summary>
    internal static IReadOnlyList<SceneClassRetrievalMetrics> ShownClasses(IReadOnlyList<SceneClassRetrievalMetrics> perClass, int maxClasses) =>
        perClass.Count <= maxClasses
            ? perClass
            : perClass.OrderByDescending(c => c.CaptionCount).Take(maxClasses).OrderBy(c => c.SceneClass, StringComparer.Ordinal).ToList();

    internal static GenericChart TrainingCurveChart(IReadOnlyList<TrainingCurvePoint> curve)
    {
        int[] epochs = curve.Select(p => p.Epoch).ToArray();
        var charts = new List<GenericChart> { Line(epochs, curve.Select(p => p.TrainLoss), "train loss") };
        var titles = new List<string> { "train loss" };
        TrainingCurvePoint[] validated = curve.Where(p => p.ValidationMeanRecall is not null).ToArray();
        if (validated.Length > 0)
        {
            charts.Add(Line(validated.Select(p => p.Epoch).ToArray(), validated.Select(p => p.ValidationMeanRecall!.Value), "validation mR (%)"));
            titles.Add("validation mR (%)");
        }
        GenericChart grid = CSharpChart.Grid(charts, nRows: 1, nCols: charts.Count, SubPlotTitles: titles.ToArray());
        return Layout(grid, "Training", "epoch", null, percentAxis: false);
    }

    private static GenericChart Line(int[] x, IEnumerable<double> y, string name) =>
        CSharpChart.Line<int, double, string>(x, y, ShowMarkers: true, Name: Escape(name));

    private static GenericChart Layout(GenericChart chart, string title, string xTitle, string? yTitle, bool percentAxis)
    {
        chart = Chart.withTitle(Escape(title), null).Invoke(chart);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithSize(chart, Width, Height);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: Escape(xTitle));
        if (yTitle is not null)
        {
            chart = percentAxis
                ? Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: Escape(yTitle), MinMax: Tuple.Create(0.0, 100.0))
                : Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: Escape(yTitle));
        }
        return chart;
    }

    // plotly.js renders names and titles as its HTML subset; encoding keeps '<', '&' literal (and
    // keeps "</script>" out of the inline JSON).
    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
