using System.CommandLine;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Trainers;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip train</c>: fits tokenizer + image preprocessing + PriorCLIP on a dataset's train
/// split (validating on its val split every epoch) and saves the pipeline as a .zip.
/// </summary>
internal static class TrainCommand
{
    public const string ModelFileName = "model.zip";

    public static Command Create(Option<bool> verbose)
    {
        var dataset = new Option<string>("--dataset", "-d") { Description = "Dataset file (Karpathy JSON, PIR JSON or CSV) with train and val splits.", Required = true };
        var images = new Option<string?>("--images") { Description = "Folder holding the image files (default: the dataset's folder, then its images/ subfolder)." };
        var config = new Option<string>("--config") { Description = "Model config: tiny, pir-closed, priorclip-vit-b32, or a JSON file.", DefaultValueFactory = _ => "tiny" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { Description = "(Image, caption) pairs per batch.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "Peak AdamW learning rate.", DefaultValueFactory = _ => 1e-3 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, batches and augmentation.", DefaultValueFactory = _ => 42 };
        var device = new Option<string>("--device") { Description = "cpu, or cuda / cuda:N (needs the CUDA LibTorch build).", DefaultValueFactory = _ => "cpu" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for model.zip and checkpoints/.", DefaultValueFactory = _ => "out/train" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the last checkpoint in OUTPUT/checkpoints." };
        var every = new Option<int>("--checkpoint-every") { Description = "Also checkpoint every N batches (0: at epoch ends only).", DefaultValueFactory = _ => 0 };
        var priorEpochs = new Option<int>("--prior-epochs") { Description = "Epochs that pre-train the built-in scene classifier.", DefaultValueFactory = _ => 3 };
        var patience = new Option<int>("--early-stop") { Description = "Stop after N epochs without validation improvement (0: never).", DefaultValueFactory = _ => 0 };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off crop/flip/RandAugment." };
        var command = new Command("train", "Train PriorCLIP on a dataset's train split, validating on its val split; save the pipeline as OUTPUT/model.zip.\n\n" +
                                           "Examples:\n  priorclip train --dataset out/demo/synthetic/dataset_synthetic.json --epochs 5\n" +
                                           "  priorclip train -d data/rsitmd/dataset_RSITMD.json --images data/rsitmd/images --config pir-closed --device cuda --resume")
        { dataset, images, config, epochs, batch, lr, seed, device, output, resume, every, priorEpochs, patience, noAugment };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(r.GetValue(seed));
            ApplyDevice(ml, r.GetValue(device)!);
            var data = CaptionDatasetReader.Read(r.GetValue(dataset)!, new DatasetReadOptions { ImageFolder = r.GetValue(images) });
            string folder = r.GetValue(output)!;
            var options = new PriorClipTrainerOptions
            {
                ModelConfig = r.GetValue(config)!,
                Epochs = r.GetValue(epochs), BatchSize = r.GetValue(batch), LearningRate = r.GetValue(lr), Seed = r.GetValue(seed),
                CheckpointDirectory = Path.Combine(folder, "checkpoints"), Resume = r.GetValue(resume),
                CheckpointEveryBatches = r.GetValue(every), PriorEpochs = r.GetValue(priorEpochs), EarlyStoppingPatience = r.GetValue(patience),
                Augmentation = r.GetValue(noAugment) ? null : new(),
                Progress = new TrainingConsole(),
            };
            var train = data.ToDataView(ml, DatasetSplits.Train);
            var valid = data.Report.Splits.ContainsKey(DatasetSplits.Val) ? data.ToDataView(ml, DatasetSplits.Val) : null;
            Console.WriteLine($"Training '{options.ModelConfig}' on {data.Report.Splits[DatasetSplits.Train].Images} images for {options.Epochs} epochs"
                              + (valid is null ? " (no val split: the last epoch is kept)" : ", validating on the val split") + " …");
            var (model, trainer) = RetrievalPipeline.Fit(ml, train, valid, options);
            string modelPath = Path.Combine(folder, ModelFileName);
            ml.Model.Save(model, train.Schema, modelPath);
            Console.WriteLine($"Kept epoch {(trainer.BestEpoch >= 0 ? trainer.BestEpoch + 1 : trainer.TrainingHistory.Count)}. Model: {Path.GetFullPath(modelPath)}");
            return 0;
        }));
        return command;
    }

    /// <summary>Maps --device onto ML.NET's convention (GpuDeviceId, no silent fallback).</summary>
    public static void ApplyDevice(MLContext ml, string device)
    {
        if (device == "cpu") return;
        if (device == "cuda") { ml.GpuDeviceId = 0; return; }
        if (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], out int id) && id >= 0) { ml.GpuDeviceId = id; return; }
        throw new ArgumentException($"--device '{device}' is not cpu, cuda or cuda:N");
    }
}
