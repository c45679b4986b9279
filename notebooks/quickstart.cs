// The file-based twin of quickstart.ipynb: train, evaluate and search PriorCLIP on the synthetic set.
//
//   dotnet run notebooks/quickstart.cs
//   dotnet run notebooks/quickstart.cs -- --train-images 48 --val-images 12 --test-images 12 --epochs 1 --batch-size 16
//
// Parameters (defaults as in the notebook's "parameters" cell): --name value on the command line, or the
// environment variable PRIORCLIP_NAME (e.g. PRIORCLIP_TRAIN_IMAGES=48); the command line wins. Charts and
// thumbnails, which the notebook displays, go to <output-folder>/quickstart.html.
// Every code cell of the notebook that is not tagged "notebook-only" or "parameters" appears below verbatim
// and in the same order, between "// cell" markers (tests/Notebooks/NotebookTwinTests.cs checks it).
#:project ../src/PriorClip.MLNet.csproj
#:property PublishAot=false

// cell
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Data.Synthetic;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Trainers;
// end cell

// twin: parameters
int trainImages = Arg("train-images", 1200);
int valImages = Arg("val-images", 200);
int testImages = Arg("test-images", 200);
int epochs = Arg("epochs", 4);
int batchSize = Arg("batch-size", 64);
int seed = Arg("seed", 42);
string query = Arg("query", "many white planes are parked next to the runway");
string outputFolder = Arg("output-folder", "out/quickstart");

T Arg<T>(string name, T fallback) where T : IParsable<T>
{
    int at = Array.IndexOf(args, "--" + name);
    string? text = at >= 0 && at + 1 < args.Length ? args[at + 1]
        : Environment.GetEnvironmentVariable("PRIORCLIP_" + name.Replace('-', '_').ToUpperInvariant());
    return text is null ? fallback : T.Parse(text, CultureInfo.InvariantCulture);
}

// twin: what the notebook displays is collected into one HTML page
var page = new StringBuilder();
void ShowHtml(string html) => page.AppendLine(html);

// cell
var synthetic = SyntheticDatasetGenerator.Generate(Path.Combine(outputFolder, "synthetic"), new SyntheticDatasetOptions
{
    Seed = seed,
    TrainImages = trainImages,
    ValImages = valImages,
    TestImages = testImages,
});
Console.WriteLine($"Generated {synthetic.Images.Count} images of {synthetic.ImageSize} px in {synthetic.Elapsed.TotalSeconds:F1} s: {synthetic.JsonPath}");
// end cell

// cell
var dataset = CaptionDatasetReader.Read(synthetic.JsonPath);
var ml = new MLContext(seed);
var train = dataset.ToDataView(ml, DatasetSplits.Train);
var validation = dataset.ToDataView(ml, DatasetSplits.Val);
foreach (var (split, counts) in dataset.Report.Splits)
    Console.WriteLine($"{split,-5} {counts.Images,5} images {counts.Captions,6} captions");
// end cell

// cell
var options = new PriorClipTrainerOptions
{
    ModelConfig = "tiny",
    Epochs = epochs,
    BatchSize = batchSize,
    Seed = seed,
    LearningRate = 2e-3,
    // No augmentation: the synthetic images carry their own noise, and their captions state sides and
    // counts that a flip or a crop would contradict.
    Augmentation = null,
};
var clock = Stopwatch.StartNew();
var (model, trainer) = RetrievalPipeline.Fit(ml, train, validation, options);
var curve = trainer.TrainingHistory.Select(e => new TrainingCurvePoint(e.Epoch + 1, e.TrainLoss, e.ValidationMeanRecall)).ToList();
Console.WriteLine($"Trained {epochs} epochs in {clock.Elapsed.TotalMinutes:F1} min; the model keeps epoch {trainer.BestEpoch + 1}, the best by validation mR");
foreach (var point in curve)
    Console.WriteLine($"epoch {point.Epoch,2}  train loss {point.TrainLoss,7:F4}  validation mR {point.ValidationMeanRecall,6:F2}");
// end cell

// cell
string MetricsTable(RetrievalMetrics m, double chanceMeanRecall)
{
    var table = new StringBuilder("<table><tr><th>direction</th><th>R@1</th><th>R@5</th><th>R@10</th><th>median rank</th></tr>");
    foreach (var (name, d) in new[] { ("image → text", m.ImageToText), ("text → image", m.TextToImage) })
        table.Append(CultureInfo.InvariantCulture,
            $"<tr><td>{name}</td><td>{d.RecallAt1:F2}</td><td>{d.RecallAt5:F2}</td><td>{d.RecallAt10:F2}</td><td>{d.MedianRank:F1}</td></tr>");
    table.Append(CultureInfo.InvariantCulture,
        $"<tr><th>mR</th><td colspan=\"4\"><b>{m.MeanRecall:F2}</b> (chance {chanceMeanRecall:F2}; {m.ImageCount} images, {m.CaptionCount} captions)</td></tr></table>");
    return table.ToString();
}

var metrics = RetrievalEvaluation.Run(ml, model, dataset, DatasetSplits.Test, Path.Combine(outputFolder, "report"),
    "PriorCLIP 'tiny' quick start: test split", curve);
double chance = RetrievalChance.MeanRecall(metrics);
Console.WriteLine($"Test {metrics}");
Console.WriteLine($"Test mR {metrics.MeanRecall:F2} (chance {chance:F2})");
ShowHtml(MetricsTable(metrics, chance));
// end cell

// cell
// plotly.js (inlined from Plotly.NET, so it works offline) once, then the three charts that draw with it.
ShowHtml(RetrievalCharts.PlotlyScript
    + RetrievalCharts.RecallAtK(metrics, maxK: 50, includePlotlyJs: false)
    + RetrievalCharts.PerSceneClass(metrics, includePlotlyJs: false)
    + RetrievalCharts.TrainingCurve(curve, includePlotlyJs: false));
// end cell

// cell
var parts = RetrievalModelParts.From(model);
var gallery = dataset.Images.Where(i => i.Split == DatasetSplits.Test).ToList();
float[][] galleryVectors = parts.ImageSide.Transform(ml.Data.LoadFromEnumerable(gallery.Select(i => new CaptionRow { ImagePath = i.ImagePath })))
    .GetColumn<float[]>("ImageEmbedding").ToArray();
float[] queryVector = parts.TextSide.Transform(ml.Data.LoadFromEnumerable(new[] { new CaptionRow { Caption = query } }))
    .GetColumn<float[]>("TextEmbedding").Single();

// Cosine similarity, best first, equal scores by the lower gallery row (the evaluator's order).
var top5 = EmbeddingSearch.TopK(queryVector, EmbeddingMatrix.FromRows(galleryVectors), 5)
    .Select(hit => (Image: gallery[hit.Index], hit.Score)).ToList();
var thumbnails = new StringBuilder($"<p>Top 5 of {gallery.Count} test images for <i>{WebUtility.HtmlEncode(query)}</i>:</p><div style=\"display:flex;gap:8px\">");
foreach (var (hit, rank) in top5.Select((hit, i) => (hit, i + 1)))
{
    Console.WriteLine($"{rank}. {hit.Score:F4}  {hit.Image.ImageId}  ({hit.Image.SceneClass}: {hit.Image.Captions[0]})");
    string png = Convert.ToBase64String(File.ReadAllBytes(hit.Image.ImagePath));
    thumbnails.Append(CultureInfo.InvariantCulture,
        $"<figure style=\"margin:0\"><img src=\"data:image/png;base64,{png}\" width=\"128\" height=\"128\" style=\"image-rendering:pixelated\" alt=\"{hit.Image.ImageId}\">" +
        $"<figcaption>{rank}. {WebUtility.HtmlEncode(hit.Image.ImageId)}<br>{hit.Score:F3}</figcaption></figure>");
}
ShowHtml(thumbnails.Append("</div>").ToString());
// end cell

// twin: write the page
string pagePath = Path.Combine(outputFolder, "quickstart.html");
File.WriteAllText(pagePath, $"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>PriorCLIP quick start</title></head><body>\n{page}</body></html>\n");
Console.WriteLine($"Charts and thumbnails: {Path.GetFullPath(pagePath)}");
