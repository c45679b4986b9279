using System.Globalization;
using System.Net;
using System.Text;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Small inline SVG charts for the HTML report. SVG keeps report.html self-contained without a
/// plotting package (ScottPlot 5.1.59 needs SkiaSharp 3.x, which conflicts with the SkiaSharp
/// 2.88 that Microsoft.ML.ImageAnalytics is built against).
/// </summary>
internal static class SvgCharts
{
    private const int Width = 640, Height = 320, Left = 50, Right = 20, Top = 36, Bottom = 60;
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e"];

    /// <summary>Recall (percent, 0–100) against K for each named series.</summary>
    public static string RecallCurves(IReadOnlyList<(string Name, double[] RecallByK)> series) =>
        PercentLines("Recall@K", "K", "recall (%)", [1, 5, 10, 20, 30, 40, 50, 100], series);

    /// <summary>Validation mean recall (percent) after each training epoch.</summary>
    public static string EpochCurves(IReadOnlyList<(string Name, double[] ValueByEpoch)> series)
    {
        int epochs = series.Max(s => s.ValueByEpoch.Length);
        int step = Math.Max(1, epochs / 10);
        return PercentLines("Training", "epoch", "validation mR (%)", Enumerable.Range(1, epochs).Where(e => e == 1 || e % step == 0).ToArray(), series);
    }

    /// <summary>Lines of percentages over x = 1, 2, …, with the given x ticks.</summary>
    private static string PercentLines(string title, string xLabel, string yLabel, int[] xTicks, IReadOnlyList<(string Name, double[] Values)> series)
    {
        int maxX = series.Max(s => s.Values.Length);
        var svg = Begin(title);
        YAxis(svg, yLabel);
        double X(int x) => Left + (maxX == 1 ? 0 : (x - 1) * (Width - Left - Right) / (double)(maxX - 1));
        foreach (int tick in xTicks.Where(t => t <= maxX))
            svg.Append(Invariant($"<text x='{X(tick):F1}' y='{Height - Bottom + 16}' text-anchor='middle' font-size='11'>{tick}</text>"));
        svg.Append(Invariant($"<text x='{(Left + Width - Right) / 2}' y='{Height - Bottom + 34}' text-anchor='middle' font-size='12'>{Escape(xLabel)}</text>"));
        for (int s = 0; s < series.Count; s++)
        {
            string points = string.Join(" ", series[s].Values.Select((v, i) => Invariant($"{X(i + 1):F1},{Y(v):F1}")));
            svg.Append(Invariant($"<polyline fill='none' stroke='{Colors[s % Colors.Length]}' stroke-width='2' points='{points}'/>"));
            Legend(svg, s, series[s].Name);
        }
        return End(svg);
    }

    /// <summary>Grouped bars: one group per label, one bar per series (values in percent).</summary>
    public static string GroupedBars(IReadOnlyList<string> labels, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var svg = Begin("Per-class mean recall");
        YAxis(svg, "mean of R@1/5/10 (%)");
        double groupWidth = (Width - Left - Right) / (double)labels.Count;
        double barWidth = groupWidth * 0.8 / series.Count;
        for (int g = 0; g < labels.Count; g++)
        {
            double groupLeft = Left + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.Count; s++)
            {
                double value = series[s].Values[g];
                svg.Append(Invariant(
                    $"<rect x='{groupLeft + s * barWidth:F1}' y='{Y(value):F1}' width='{barWidth:F1}' height='{Y(0) - Y(value):F1}' fill='{Colors[s % Colors.Length]}'><title>{Escape(labels[g])} {Escape(series[s].Name)}: {value:F2}</title></rect>"));
            }
            double labelX = groupLeft + groupWidth * 0.4;
            svg.Append(Invariant(
                $"<text x='{labelX:F1}' y='{Height - Bottom + 12}' font-size='9' text-anchor='end' transform='rotate(-45 {labelX:F1} {Height - Bottom + 12})'>{Escape(labels[g])}</text>"));
        }
        for (int s = 0; s < series.Count; s++)
            Legend(svg, s, series[s].Name);
        return End(svg);
    }

    private static double Y(double percent) => Top + (100 - percent) * (Height - Top - Bottom) / 100.0;

    private static StringBuilder Begin(string title) => new StringBuilder()
        .Append(Invariant($"<svg xmlns='http://www.w3.org/2000/svg' width='{Width}' height='{Height}' viewBox='0 0 {Width} {Height}' role='img' aria-label='{Escape(title)}'>"))
        .Append("<rect width='100%' height='100%' fill='white'/>");

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void YAxis(StringBuilder svg, string label)
    {
        foreach (int tick in new[] { 0, 25, 50, 75, 100 })
        {
            svg.Append(Invariant($"<line x1='{Left}' x2='{Width - Right}' y1='{Y(tick):F1}' y2='{Y(tick):F1}' stroke='#ddd'/>"));
            svg.Append(Invariant($"<text x='{Left - 6}' y='{Y(tick) + 4:F1}' text-anchor='end' font-size='11'>{tick}</text>"));
        }
        svg.Append(Invariant($"<text x='12' y='{(Top + Height - Bottom) / 2}' font-size='12' text-anchor='middle' transform='rotate(-90 12 {(Top + Height - Bottom) / 2})'>{Escape(label)}</text>"));
    }

    private static void Legend(StringBuilder svg, int index, string name)
    {
        // Legend entries sit side by side above the plot area, where no data is drawn.
        int x = Left + index * 150;
        svg.Append(Invariant($"<rect x='{x}' y='8' width='10' height='10' fill='{Colors[index % Colors.Length]}'/>"));
        svg.Append(Invariant($"<text x='{x + 15}' y='17' font-size='11'>{Escape(name)}</text>"));
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
