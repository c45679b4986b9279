using System.CommandLine;
using System.Diagnostics;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Data.Synthetic;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Trainers;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip demo</c>: the embedded default. Generates the synthetic set if absent, trains
/// the <c>tiny</c> config (scene-classifier prior + attribution loss) with validation each
/// epoch, evaluates the test split once, and saves the model .zip and metrics.
/// </summary>
internal static class DemoCommand
{
    public const string ModelFileName = "priorclip-tiny.zip";

    public static Command Create(Option<bool> verbose)
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the synthetic set, checkpoints, the model .zip and the report.", DefaultValueFactory = _ => "out/demo" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs over all (image, caption) pairs.", DefaultValueFactory = _ => SyntheticDemo.Epochs };
        var seed = new Option<int>("--seed") { Description = "Seed of data generation and training.", DefaultValueFactory = _ => 42 };
        var trainImages = new Option<int>("--train-images") { Description = "Synthetic training images (when the set is generated).", DefaultValueFactory = _ => 3000 };
        var command = new Command("demo", "Train and evaluate PriorCLIP end to end on the synthetic remote-sensing set (about 8 minutes on 2 CPU cores).\n\n" +
                                          "Examples:\n  priorclip demo\n  priorclip demo --output out/quick --epochs 1 --train-images 600")
        { output, epochs, seed, trainImages };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () => Run(r.GetValue(output)!, r.GetValue(epochs), r.GetValue(seed), r.GetValue(trainImages))));
        return command;
    }

    static int Run(string output, int epochs, int seed, int trainImages)
    {
        var clock = Stopwatch.StartNew();
        string dataFolder = Path.Combine(output, "synthetic");
        string json = Path.Combine(dataFolder, SyntheticDatasetGenerator.JsonFileName);
        if (!File.Exists(json))
            SynthCommand.Generate(dataFolder, new SyntheticDatasetOptions { Seed = seed, TrainImages = trainImages });
        else
            Console.WriteLine($"Using the synthetic set in {Path.GetFullPath(dataFolder)}");

        var dataset = CaptionDatasetReader.Read(json);
        var ml = new MLContext(seed);
        var train = dataset.ToDataView(ml, DatasetSplits.Train);
        var valid = dataset.ToDataView(ml, DatasetSplits.Val);
        var test = dataset.ToDataView(ml, DatasetSplits.Test);
        var options = SyntheticDemo.TrainerOptions(epochs, seed, Path.Combine(output, "checkpoints"));
        options.Progress = new TrainingConsole();
        Console.WriteLine($"Training config 'tiny' for {epochs} epochs on {dataset.Report.Splits[DatasetSplits.Train].Images} images " +
                          $"({dataset.Report.Splits[DatasetSplits.Train].Captions} captions), validating on {dataset.Report.Splits[DatasetSplits.Val].Images} …");
        var (model, trainer) = RetrievalPipeline.Fit(ml, train, valid, options);

        string modelPath = Path.Combine(output, ModelFileName);
        ml.Model.Save(model, train.Schema, modelPath);

        Console.WriteLine($"Evaluating on the test split ({dataset.Report.Splits[DatasetSplits.Test].Images} images), best epoch {trainer.BestEpoch + 1} by validation mR:");
        string reportFolder = Path.Combine(output, "report");
        var curve = trainer.TrainingHistory.Select(e => new TrainingCurvePoint(e.Epoch + 1, e.TrainLoss, e.ValidationMeanRecall)).ToList();
        var metrics = RetrievalEvaluation.Run(ml, model, dataset, DatasetSplits.Test, reportFolder,
            $"PriorCLIP 'tiny' on the synthetic set: test split (best of {epochs} epochs by validation mR)", curve);
        MetricsTable.Print(metrics, RetrievalChance.MeanRecall(metrics));
        Console.WriteLine($"Model:   {Path.GetFullPath(modelPath)}");
        Console.WriteLine($"Report:  {Path.GetFullPath(reportFolder)} (metrics.json, report.md, report.html)");
        Console.WriteLine($"Done in {clock.Elapsed.TotalMinutes:F1} min.");
        return 0;
    }
}
