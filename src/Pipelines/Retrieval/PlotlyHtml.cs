using Plotly.NET;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Turns Plotly.NET charts into HTML fragments that work offline: the plotly.js they need is the
/// copy Plotly.NET embeds as a resource, inlined, never a CDN link.
/// </summary>
internal static class PlotlyHtml
{
    private static readonly Lazy<string> Script = new(LoadScriptElement);

    /// <summary>A <c>script</c> element holding plotly.js.</summary>
    public static string ScriptElement => Script.Value;

    /// <summary>The chart's <c>div</c> and drawing script, preceded by plotly.js when asked.</summary>
    public static string Fragment(GenericChart chart, bool includePlotlyJs)
    {
        GenericChart withoutReference = Chart.withDisplayOptionsStyle(null, null, null, null, null, null, PlotlyJSReference.NoReference).Invoke(chart);
        string fragment = GenericChart.toChartHTML(withoutReference);
        return includePlotlyJs ? ScriptElement + fragment : fragment;
    }

    private static string LoadScriptElement()
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} no longer embeds plotly.js (no resource 'Plotly.NET.plotly-*.min.js'); the report's charts need it.");
        using Stream stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        // The minified source contains no "</script>" (checked by a test), so it can sit inline.
        return "<script type=\"text/javascript\">" + reader.ReadToEnd() + "</script>";
    }
}
