using System.Globalization;
using System.Net;
using System.Text;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// report.html: one self-contained page (inline CSS, Plotly.NET charts with plotly.js inlined once,
/// data-URI thumbnails), so it opens offline and can be mailed as one file.
/// </summary>
internal static class RetrievalReportHtml
{
    public static string Build(RetrievalMetrics metrics, RetrievalReportOptions options)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>").Append(Escape(options.Title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}")
            .Append(".gallery{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #ccc;padding:8px;width:360px;font-size:13px}")
            .Append(".card img{width:160px;margin-right:6px}.wide{width:auto}.row img{width:96px;border:3px solid transparent}.row img.own{border-color:#080}.gap{margin:0 8px;font-size:20px}.hit{color:#080}.miss{color:#b00}</style>")
            .Append(RetrievalCharts.PlotlyScript).Append("</head><body>");
        html.Append("<h1>").Append(Escape(options.Title)).Append("</h1>");
        html.Append(Markdownish(metrics)).Append(RankTable(metrics, options));

        html.Append("<h2>Recall@K</h2>").Append(RetrievalCharts.RecallAtK(metrics, options.RecallCurveMaxK, includePlotlyJs: false));

        if (options.TrainingCurve is { Count: > 0 } curve)
            html.Append(Training(curve));
        if (metrics.PerSceneClass is not null)
            html.Append(PerClass(metrics, options));
        html.Append(Gallery(metrics, options));
        return html.Append("</body></html>").ToString();
    }

    private static string Markdownish(RetrievalMetrics m) =>
        Invariant($"<p>{m.ImageCount:N0} images, {m.CaptionCount:N0} captions. Recall in percent; scores are cosine similarities; equal scores rank the lower index first. Chance level (random scores): mR {RetrievalChance.MeanRecall(m):F2}.</p>") +
        "<table><tr><th>i2t R@1</th><th>i2t R@5</th><th>i2t R@10</th><th>t2i R@1</th><th>t2i R@5</th><th>t2i R@10</th><th>mR</th></tr>" +
        Invariant($"<tr><td>{m.ImageToText.RecallAt1:F2}</td><td>{m.ImageToText.RecallAt5:F2}</td><td>{m.ImageToText.RecallAt10:F2}</td>") +
        Invariant($"<td>{m.TextToImage.RecallAt1:F2}</td><td>{m.TextToImage.RecallAt5:F2}</td><td>{m.TextToImage.RecallAt10:F2}</td><td><b>{m.MeanRecall:F2}</b></td></tr></table>");

    private static string Training(IReadOnlyList<TrainingCurvePoint> curve)
    {
        var html = new StringBuilder("<h2>Training</h2>").Append(RetrievalCharts.TrainingCurve(curve, includePlotlyJs: false));
        html.Append("<table><tr><th>epoch</th><th>train loss</th><th>validation mR</th></tr>");
        foreach (var p in curve)
            html.Append(Invariant($"<tr><td>{p.Epoch}</td><td>{p.TrainLoss:F4}</td><td>{(p.ValidationMeanRecall is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–")}</td></tr>"));
        return html.Append("</table>").ToString();
    }

    private static string RankTable(RetrievalMetrics m, RetrievalReportOptions options)
    {
        string Row(string name, DirectionalRetrievalMetrics d, Microsoft.ML.Data.RankingMetrics? r)
        {
            string Ndcg(int k) => r is not null && r.NormalizedDiscountedCumulativeGains.Count >= k
                ? r.NormalizedDiscountedCumulativeGains[k - 1].ToString("F4", CultureInfo.InvariantCulture) : "–";
            return Invariant($"<tr><td class='l'>{name}</td><td>{d.QueryCount}</td><td>{d.MedianRank:G}</td><td>{d.MeanRank:F2}</td><td>{Ndcg(1)}</td><td>{Ndcg(5)}</td><td>{Ndcg(10)}</td></tr>");
        }
        return "<table><tr><th class='l'>direction</th><th>queries</th><th>median rank</th><th>mean rank</th><th>NDCG@1</th><th>NDCG@5</th><th>NDCG@10</th></tr>" +
               Row("image → text", m.ImageToText, options.ImageToTextRanking) + Row("text → image", m.TextToImage, options.TextToImageRanking) + "</table>";
    }

    /// <summary>The per-class chart, table and confusion view of metrics that have a per-class breakdown.</summary>
    private static string PerClass(RetrievalMetrics metrics, RetrievalReportOptions options)
    {
        IReadOnlyList<SceneClassRetrievalMetrics> perClass = metrics.PerSceneClass!;
        SceneClassConfusionMatrix confusion = metrics.TextToImageConfusion!;
        var html = new StringBuilder("<h2>Per scene class</h2>");
        if (perClass.Count > options.MaxClassesShown)
            html.Append(Invariant($"<p>The {options.MaxClassesShown} classes with the most captions of {perClass.Count} are drawn; the table and metrics.json have all.</p>"));
        html.Append(RetrievalCharts.PerSceneClass(metrics, options.MaxClassesShown, includePlotlyJs: false));
        html.Append("<table><tr><th class='l'>class</th><th>images</th><th>captions</th><th>i2t R@1</th><th>i2t R@5</th><th>i2t R@10</th><th>t2i R@1</th><th>t2i R@5</th><th>t2i R@10</th><th>mR</th></tr>");
        foreach (SceneClassRetrievalMetrics c in perClass)
        {
            html.Append(Invariant($"<tr><td class='l'>{Escape(c.SceneClass)}</td><td>{c.ImageCount}</td><td>{c.CaptionCount}</td>"))
                .Append(Invariant($"<td>{c.ImageToTextRecallAtK[1]:F2}</td><td>{c.ImageToTextRecallAtK[5]:F2}</td><td>{c.ImageToTextRecallAtK[10]:F2}</td>"))
                .Append(Invariant($"<td>{c.TextToImageRecallAtK[1]:F2}</td><td>{c.TextToImageRecallAtK[5]:F2}</td><td>{c.TextToImageRecallAtK[10]:F2}</td><td>{c.MeanRecall:F2}</td></tr>"));
        }
        html.Append("</table>");
        if (confusion.ClassNames.Count <= options.MaxClassesShown)
        {
            html.Append("<h3>Text → image top-1 class confusion</h3><p>Rows: class of the query caption's image; columns: class of the top-1 image.</p><table><tr><th></th>");
            foreach (string name in confusion.ClassNames)
                html.Append("<th>").Append(Escape(name)).Append("</th>");
            html.Append("</tr>");
            for (int r = 0; r < confusion.ClassNames.Count; r++)
            {
                html.Append("<tr><th class='l'>").Append(Escape(confusion.ClassNames[r])).Append("</th>");
                for (int c = 0; c < confusion.ClassNames.Count; c++)
                    html.Append(r == c ? "<td><b>" : "<td>").Append(confusion.Counts[r][c]).Append(r == c ? "</b></td>" : "</td>");
                html.Append("</tr>");
            }
            html.Append("</table>");
        }
        return html.ToString();
    }

    private static string Gallery(RetrievalMetrics metrics, RetrievalReportOptions options)
    {
        if (options.GalleryQueryCount <= 0 || (options.ImagePaths is null && options.CaptionTexts is null))
            return "";
        var html = new StringBuilder("<h2>Example queries</h2>");
        html.Append(Invariant($"<h3>Text → image</h3><p>Each caption's top {metrics.TextToImage.TopCandidateCount} images, best first; its own image is framed in green (after a gap when it is not among them).</p><div class='gallery'>"));
        foreach (int caption in EvenlySpaced(metrics.CaptionCount, options.GalleryQueryCount))
        {
            int rank = metrics.TextToImage.Ranks[caption];
            int own = metrics.CaptionToImage[caption];
            IReadOnlyList<int> top = metrics.TextToImage.GetTopCandidates(caption);
            html.Append("<div class='card wide'><p>").Append(Escape(CaptionText(options, caption))).Append("</p>")
                .Append(Invariant($"<p class='{(rank <= top.Count ? "hit" : "miss")}'>own image {Escape(metrics.ImageIds[own])} at rank {rank}</p><div class='row'>"));
            for (int r = 0; r < top.Count; r++)
                html.Append(Thumbnail(options, top[r], Invariant($"rank {r + 1}: {metrics.ImageIds[top[r]]}"), top[r] == own));
            if (rank > top.Count) // a miss: show what the caption describes after what was retrieved
                html.Append("<span class='gap'>…</span>").Append(Thumbnail(options, own, Invariant($"own image, rank {rank}"), own: true));
            html.Append("</div></div>");
        }
        html.Append(Invariant($"</div><h3>Image → text</h3><p>Each image's top {metrics.ImageToText.TopCandidateCount} captions, best first; ✓ marks the image's own captions.</p><div class='gallery'>"));
        foreach (int image in EvenlySpaced(metrics.ImageCount, options.GalleryQueryCount))
        {
            int rank = metrics.ImageToText.Ranks[image];
            IReadOnlyList<int> top = metrics.ImageToText.GetTopCandidates(image);
            html.Append("<div class='card'>").Append(Thumbnail(options, image, "query image", own: false))
                .Append(Invariant($"<p>image {Escape(metrics.ImageIds[image])}</p><p class='{(rank <= top.Count ? "hit" : "miss")}'>best own caption at rank {rank}</p><ol>"));
            foreach (int caption in top)
            {
                bool own = metrics.CaptionToImage[caption] == image;
                html.Append(own ? "<li class='hit'>✓ " : "<li>").Append(Escape(CaptionText(options, caption))).Append("</li>");
            }
            html.Append("</ol></div>");
        }
        return html.Append("</div>").ToString();
    }

    private static IEnumerable<int> EvenlySpaced(int count, int wanted) =>
        Enumerable.Range(0, Math.Min(count, wanted)).Select(i => (int)((long)i * count / Math.Min(count, wanted))).Distinct();

    private static string CaptionText(RetrievalReportOptions options, int caption) =>
        options.CaptionTexts is { } texts && caption < texts.Count ? texts[caption] : $"caption {caption}";

    private static string Thumbnail(RetrievalReportOptions options, int image, string alt, bool own)
    {
        if (options.ImagePaths is not { } paths || image >= paths.Count)
            return "";
        string? uri = ImageThumbnails.DataUri(paths[image]);
        return uri is null
            ? $"<span>({Escape(alt)}: {Escape(paths[image])} could not be read)</span>"
            : $"<img src='{uri}' alt='{Escape(alt)}' title='{Escape(alt)}'{(own ? " class='own'" : "")}>";
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
