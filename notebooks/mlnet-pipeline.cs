// The file-based twin of mlnet-pipeline.ipynb: the PriorCLIP pipeline composed by hand from ML.NET
// components, saved, loaded back in a new MLContext, and evaluated with the retrieval and ranking evaluators.
//
//   dotnet run notebooks/mlnet-pipeline.cs
//   dotnet run notebooks/mlnet-pipeline.cs -- --train-images 48 --test-images 24 --epochs 1 --batch-size 16
//
// Parameters (defaults as in the notebook's "parameters" cell): --name value on the command line, or the
// environment variable PRIORCLIP_NAME (e.g. PRIORCLIP_TRAIN_IMAGES=48); the command line wins. Tables that
// the notebook displays go to <output-folder>/mlnet-pipeline.html.
// Every code cell of the notebook that is not tagged "notebook-only" or "parameters" appears below verbatim
// and in the same order, between "// cell" markers (tests/Notebooks/NotebookTwinTests.cs checks it).
#:project ../src/PriorClip.MLNet.csproj
#:property PublishAot=false

// cell
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Data.Synthetic;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Trainers;
using PriorClip.MLNet.Transforms;
// end cell

// twin: parameters
int trainImages = Arg("train-images", 600);
int testImages = Arg("test-images", 150);
int epochs = Arg("epochs", 3);
int batchSize = Arg("batch-size", 64);
int seed = Arg("seed", 42);
string outputFolder = Arg("output-folder", "out/mlnet-pipeline");

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
    ValImages = 0,
    TestImages = testImages,
});
var dataset = CaptionDatasetReader.Read(synthetic.JsonPath);
var ml = new MLContext(seed);
IDataView train = dataset.ToDataView(ml, DatasetSplits.Train);
IDataView test = dataset.ToDataView(ml, DatasetSplits.Test);
Console.WriteLine($"train: {dataset.Report.Splits[DatasetSplits.Train]}, test: {dataset.Report.Splits[DatasetSplits.Test]}");
Console.WriteLine($"columns: {string.Join(", ", train.Schema.Select(c => $"{c.Name} ({c.Type})"))}");
// end cell

// cell
int imageSize = PriorClipModelConfig.Load("tiny").Vision.ImageSize;
var pipeline = ml.Transforms.PriorClipTokenize(outputColumnName: "Tokens", inputColumnName: "Caption", maxWords: 30)
    .Append(ml.Transforms.LoadImages("Image", imageFolder: "", inputColumnName: "ImagePath"))
    .Append(ml.Transforms.ResizeImages("Image", imageSize, imageSize, "Image", ImageResizingEstimator.ResizingKind.Fill))
    .Append(ml.Transforms.ExtractPixels("Pixels", "Image", interleavePixelColors: false, outputAsFloatArray: true))
    .Append(ml.Retrieval().Trainers.PriorClip(new PriorClipTrainerOptions
    {
        ModelConfig = "tiny",
        Epochs = epochs,
        BatchSize = batchSize,
        Seed = seed,
        LearningRate = 2e-3,
        Augmentation = null,
    }));
var model = pipeline.Fit(train);
Console.WriteLine($"fitted: {string.Join(" → ", model.Select(step => step.GetType().Name))}");
Console.WriteLine($"adds: {string.Join(", ", model.GetOutputSchema(train.Schema).Where(c => !c.IsHidden && train.Schema.GetColumnOrNull(c.Name) is null).Select(c => $"{c.Name} ({c.Type})"))}");
// end cell

// cell
// The first four fitted steps produce the model's Pixels input (planar RGB, 0–255).
var preprocessing = new TransformerChain<ITransformer>(model.Take(4).ToArray());
var pixels = preprocessing.Transform(test);
var normalized = ml.Transforms.NormalizeClipPixels("ClipPixels", "Pixels").Fit(pixels).Transform(pixels);
float[] rawPixels = normalized.GetColumn<float[]>("Pixels").First();
float[] clipPixels = normalized.GetColumn<float[]>("ClipPixels").First();
Console.WriteLine($"Pixels {rawPixels.Min():F0} … {rawPixels.Max():F0}; after NormalizeClipPixels {clipPixels.Min():F2} … {clipPixels.Max():F2}");
// end cell

// cell
string modelPath = Path.Combine(outputFolder, "priorclip-tiny.zip");
Directory.CreateDirectory(outputFolder);
ml.Model.Save(model, train.Schema, modelPath);
Console.WriteLine($"saved {new FileInfo(modelPath).Length / 1024.0:F0} KiB: {Path.GetFullPath(modelPath)}");

var loadedContext = new MLContext(seed).RegisterPriorClip();
ITransformer loaded = loadedContext.Model.Load(modelPath, out DataViewSchema loadedInputSchema);
Console.WriteLine($"loaded: {loaded.GetType().Name}, input columns: {string.Join(", ", loadedInputSchema.Select(c => c.Name))}");
// end cell

// cell
float[][] Embeddings(IDataView view, string column) => view.GetColumn<float[]>(column).ToArray();

IDataView originalScored = model.Transform(test);
IDataView loadedScored = loadedContext.Data.Cache(loaded.Transform(dataset.ToDataView(loadedContext, DatasetSplits.Test)));
float[][] originalImageEmbeddings = Embeddings(originalScored, "ImageEmbedding");
float[][] originalTextEmbeddings = Embeddings(originalScored, "TextEmbedding");
float[][] loadedImageEmbeddings = Embeddings(loadedScored, "ImageEmbedding");
float[][] loadedTextEmbeddings = Embeddings(loadedScored, "TextEmbedding");
bool identical = originalImageEmbeddings.Zip(loadedImageEmbeddings).Concat(originalTextEmbeddings.Zip(loadedTextEmbeddings))
    .All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
Console.WriteLine($"{originalTextEmbeddings.Length} rows, {originalTextEmbeddings[0].Length}-dimensional embeddings; original and loaded model identical: {identical}");
// end cell

// cell
var metrics = loadedContext.Retrieval().Evaluate(loadedScored, sceneClassColumnName: "SceneClass");
double chance = RetrievalChance.MeanRecall(metrics);
Console.WriteLine($"Test {metrics}");
Console.WriteLine($"Test mR {metrics.MeanRecall:F2} (chance {chance:F2})");

var ranking = new[] { RetrievalDirection.ImageToText, RetrievalDirection.TextToImage }.ToDictionary(
    direction => direction,
    direction => loadedContext.Ranking.Evaluate(loadedContext.Retrieval().ToRankingData(loadedScored, direction, topN: 10), "Label", "GroupId", "Score"));
int[] cutoffs = [1, 3, 5, 10];
var table = new StringBuilder("<table><tr><th>direction</th><th>R@1</th><th>R@5</th><th>R@10</th>");
foreach (int k in cutoffs) table.Append(CultureInfo.InvariantCulture, $"<th>NDCG@{k}</th>");
table.Append("</tr>");
foreach (var (direction, recall) in new[] { (RetrievalDirection.ImageToText, metrics.ImageToText), (RetrievalDirection.TextToImage, metrics.TextToImage) })
{
    table.Append(CultureInfo.InvariantCulture, $"<tr><td>{direction}</td><td>{recall.RecallAt1:F2}</td><td>{recall.RecallAt5:F2}</td><td>{recall.RecallAt10:F2}</td>");
    foreach (int k in cutoffs) table.Append(CultureInfo.InvariantCulture, $"<td>{ranking[direction].NormalizedDiscountedCumulativeGains[k - 1]:F4}</td>");
    table.Append("</tr>");
}
ShowHtml(table.Append(CultureInfo.InvariantCulture, $"</table><p>mR {metrics.MeanRecall:F2} (chance {chance:F2})</p>").ToString());
// With one relevant image per caption, text → image NDCG@1 is R@1 / 100.
Console.WriteLine($"text → image NDCG@1 {ranking[RetrievalDirection.TextToImage].NormalizedDiscountedCumulativeGains[0]:F4}, R@1 / 100 {metrics.TextToImage.RecallAt1 / 100:F4}");
// end cell

// cell
var captions = dataset.ToRows(DatasetSplits.Test).ToList();
var results = new DataFrame(
    new PrimitiveDataFrameColumn<int>("Rank", metrics.TextToImage.Ranks),
    new StringDataFrameColumn("Image", metrics.CaptionToImage.Select(image => metrics.ImageIds[image])),
    new StringDataFrameColumn("Top1", metrics.TextToImage.TopCandidates.Select(image => metrics.ImageIds[image])),
    new StringDataFrameColumn("Caption", captions.Select(row => row.Caption)));
Console.WriteLine($"mean rank of a caption's own image: {results["Rank"].Mean():F2}");

string HtmlTable(DataFrame frame) =>
    "<table><tr>" + string.Concat(frame.Columns.Select(c => $"<th>{WebUtility.HtmlEncode(c.Name)}</th>")) + "</tr>" +
    string.Concat(frame.Rows.Select(row => "<tr>" + string.Concat(row.Select(v => $"<td>{WebUtility.HtmlEncode(Convert.ToString(v, CultureInfo.InvariantCulture))}</td>")) + "</tr>")) +
    "</table>";
ShowHtml("<p>Captions whose own image ranks lowest:</p>" + HtmlTable(results.OrderByDescending("Rank").Head(5)));
// end cell

// twin: write the page
string pagePath = Path.Combine(outputFolder, "mlnet-pipeline.html");
File.WriteAllText(pagePath, $"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>PriorCLIP ML.NET pipeline</title></head><body>\n{page}</body></html>\n");
Console.WriteLine($"Tables: {Path.GetFullPath(pagePath)}");
