using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Reports;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip eval</c>: scores a saved model on a dataset split, or embeddings made elsewhere
/// (.npy), with the shared protocol (METHOD.md §9).
/// </summary>
internal static class EvalCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string?>("--model", "-m") { Description = "A model .zip written by 'train' or 'demo'." };
        var dataset = new Option<string?>("--dataset", "-d") { Description = "Dataset file to evaluate the model on." };
        var images = new Option<string?>("--images") { Description = "Folder holding the image files." };
        var split = new Option<string>("--split") { Description = "Split to evaluate.", DefaultValueFactory = _ => DatasetSplits.Test };
        var imageEmbeddings = new Option<string?>("--image-embeddings") { Description = "Image embeddings, .npy float32/float16 [images, D]." };
        var textEmbeddings = new Option<string?>("--text-embeddings") { Description = "Caption embeddings, .npy float32/float16 [captions, D]." };
        var captionImage = new Option<string?>("--caption-image") { Description = "Image row of each caption row, .npy int32/int64." };
        var perImage = new Option<int?>("--captions-per-image") { Description = "Caption row j belongs to image row ⌊j/N⌋ (instead of --caption-image)." };
        var output = new Option<string?>("--output", "-o") { Description = "Report folder (metrics.json); default: no report." };
        var json = new Option<string?>("--json") { Description = "Also write metrics.json to this path." };
        var command = new Command("eval", "Evaluate retrieval: R@1/5/10 both ways, mR, ranks.\n\n" +
                                          "Examples:\n  priorclip eval --model out/demo/priorclip-tiny.zip --dataset out/demo/synthetic/dataset_synthetic.json\n" +
                                          "  priorclip eval --image-embeddings img.npy --text-embeddings txt.npy --captions-per-image 5 --json metrics.json")
        { model, dataset, images, split, imageEmbeddings, textEmbeddings, captionImage, perImage, output, json };
        command.Validators.Add(r =>
        {
            bool modelMode = r.GetValue(model) is not null || r.GetValue(dataset) is not null;
            bool npyMode = r.GetValue(imageEmbeddings) is not null || r.GetValue(textEmbeddings) is not null;
            if (modelMode == npyMode)
                r.AddError("give either --model with --dataset, or --image-embeddings with --text-embeddings");
            else if (modelMode && (r.GetValue(model) is null || r.GetValue(dataset) is null))
                r.AddError("--model and --dataset go together");
            else if (npyMode && (r.GetValue(imageEmbeddings) is null || r.GetValue(textEmbeddings) is null))
                r.AddError("--image-embeddings and --text-embeddings go together");
            else if (npyMode && (r.GetValue(captionImage) is null) == (r.GetValue(perImage) is null))
                r.AddError("give exactly one of --caption-image and --captions-per-image");
        });
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0);
            RetrievalMetrics metrics;
            if (r.GetValue(model) is { } modelPath)
            {
                ml.RegisterPriorClip();
                var loaded = ml.Model.Load(RequireFile(modelPath, "--model"), out _);
                var data = CaptionDatasetReader.Read(r.GetValue(dataset)!, new DatasetReadOptions { ImageFolder = r.GetValue(images) });
                string name = DatasetSplits.Normalize(r.GetValue(split)!);
                if (!data.Report.Splits.ContainsKey(name))
                    throw new ArgumentException($"{data.SourcePath} has no '{name}' split (it has {string.Join(", ", data.Report.Splits.Keys)})");
                metrics = RetrievalPipeline.Evaluate(ml, loaded, data.ToDataView(ml, name));
            }
            else
            {
                var imagesMatrix = NpyFile.ReadEmbeddingMatrix(RequireFile(r.GetValue(imageEmbeddings)!, "--image-embeddings"));
                var textMatrix = NpyFile.ReadEmbeddingMatrix(RequireFile(r.GetValue(textEmbeddings)!, "--text-embeddings"));
                int[] mapping = r.GetValue(perImage) is int n
                    ? CaptionImageMapping.CaptionsPerImage(textMatrix.Rows, n)
                    : CaptionImageMapping.FromNpy(RequireFile(r.GetValue(captionImage)!, "--caption-image"));
                metrics = ml.Retrieval().Evaluate(imagesMatrix, textMatrix, mapping);
            }
            var captionsPerImage = metrics.CaptionToImage.GroupBy(i => i).Select(g => g.Count()).ToList();
            double chance = RetrievalChance.MeanRecall(captionsPerImage);
            MetricsTable.Print(metrics, chance);
            var extra = new JsonObject { ["chance_mR"] = Math.Round(chance, 4) };
            if (r.GetValue(output) is { } folder)
            {
                string path = Path.Combine(folder, "metrics.json");
                MetricsJson.Write(path, metrics, extra);
                Console.WriteLine($"Metrics: {Path.GetFullPath(path)}");
            }
            if (r.GetValue(json) is { } jsonPath)
                MetricsJson.Write(jsonPath, metrics, extra);
            return 0;
        }));
        return command;
    }

    static string RequireFile(string path, string option) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{option}: file '{path}' does not exist", path);
}
