using System.CommandLine;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip eval</c>: scores a saved model on a dataset split, or embeddings made elsewhere
/// (.npy), with the shared protocol (docs/method.md §9).
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
        var output = new Option<string?>("--output", "-o") { Description = "Report folder (metrics.json, report.md, report.html); default: no report." };
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
            string? folder = r.GetValue(output);
            if (folder is not null) Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(folder))!);
            if (r.GetValue(model) is { } modelPath)
            {
                ml.RegisterPriorClip();
                var loaded = PriorClipModelFile.Load(ml, RequireFile(modelPath, "--model"), out _);
                var data = CaptionDatasetReader.Read(r.GetValue(dataset)!, new DatasetReadOptions { ImageFolder = r.GetValue(images) });
                metrics = RetrievalEvaluation.Run(ml, loaded, data, r.GetValue(split)!, folder, $"PriorCLIP retrieval: {Path.GetFileName(modelPath)} on {Path.GetFileName(data.SourcePath)}");
            }
            else
            {
                var imagesMatrix = NpyFile.ReadEmbeddingMatrix(RequireFile(r.GetValue(imageEmbeddings)!, "--image-embeddings"));
                var textMatrix = NpyFile.ReadEmbeddingMatrix(RequireFile(r.GetValue(textEmbeddings)!, "--text-embeddings"));
                int[] mapping = r.GetValue(perImage) is int n
                    ? CaptionImageMapping.CaptionsPerImage(textMatrix.Rows, n)
                    : CaptionImageMapping.FromNpy(RequireFile(r.GetValue(captionImage)!, "--caption-image"));
                metrics = ml.Retrieval().Evaluate(imagesMatrix, textMatrix, mapping);
                if (folder is not null) RetrievalReportWriter.Write(metrics, folder, new RetrievalReportOptions { Title = "Retrieval evaluation of .npy embeddings" });
            }
            MetricsTable.Print(metrics, RetrievalChance.MeanRecall(metrics));
            if (folder is not null) Console.WriteLine($"Report: {Path.GetFullPath(folder)}");
            if (r.GetValue(json) is { } jsonPath) RetrievalReportWriter.WriteMetricsJson(metrics, jsonPath);
            return 0;
        }));
        return command;
    }

    internal static string RequireFile(string path, string option) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{option}: file '{path}' does not exist", path);
}
