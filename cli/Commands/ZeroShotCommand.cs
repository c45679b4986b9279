using System.CommandLine;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary><c>priorclip zeroshot</c>: zero-shot scene classification of a dataset split, scored by ML.NET's multiclass evaluator.</summary>
internal static class ZeroShotCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model .zip (trained, or written by 'import').", Required = true };
        var dataset = new Option<string>("--dataset", "-d") { Description = "Dataset file whose images carry scene classes.", Required = true };
        var split = new Option<string>("--split") { Description = "Split to classify.", DefaultValueFactory = _ => DatasetSplits.Test };
        var images = new Option<string?>("--images") { Description = "Folder holding the dataset's image files." };
        var classes = new Option<string?>("--classes") { Description = "Comma-separated candidate classes (default: every scene class of the dataset)." };
        var templates = new Option<string[]>("--template") { Description = "A prompt template with {} for the class name; repeat for several (default: five remote-sensing templates).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string?>("--output", "-o") { Description = "Report folder: zeroshot.json and zeroshot.md with the confusion table." };
        var command = new Command("zeroshot", "Zero-shot scene classification: each image's embedding against prompt embeddings of the class names (templates averaged), " +
                                              "scored by ML.NET's multiclass evaluator.\n\nExamples:\n" +
                                              "  priorclip zeroshot -m remoteclip-b32.zip -d aid/dataset.json --split test -o out/zeroshot\n" +
                                              "  priorclip zeroshot -m model.zip -d data.json --classes airport,farmland,forest --template \"a satellite photo of {}.\"")
        { model, dataset, split, images, classes, templates, output };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            var fitted = PriorClipModelFile.Load(ml, EvalCommand.RequireFile(r.GetValue(model)!, "--model"), out _);
            var data = CaptionDatasetReader.Read(r.GetValue(dataset)!, new DatasetReadOptions { ImageFolder = r.GetValue(images) });
            var classList = r.GetValue(classes)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var templateList = r.GetValue(templates) is { Length: > 0 } t ? t : null;
            var result = ZeroShotClassification.Run(ml, fitted, data, r.GetValue(split)!, classList, templateList);
            string title = $"Zero-shot scene classification: {Path.GetFileName(r.GetValue(model))} on {Path.GetFileName(data.SourcePath)} ({DatasetSplits.Normalize(r.GetValue(split)!)})";
            Console.Write(ZeroShotReport.Markdown(result, title));
            if (r.GetValue(output) is { } folder)
            {
                ZeroShotReport.Write(result, folder, title);
                Console.WriteLine($"Report: {Path.GetFullPath(folder)}");
            }
            return 0;
        }));
        return command;
    }
}
