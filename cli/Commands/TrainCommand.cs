using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Trainers;
using PriorClip.MLNet.Transforms;

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
        var initFrom = new Option<string?>("--init-from") { Description = "Start from this model .zip (trained, or written by 'import'): its tokenizer and image steps are kept, its weights initialise the encoder; --config is ignored." };
        var stage = new Option<string>("--stage")
        {
            Description = "With --init-from: 'contrastive' (same model, fine-tuned) or 'instruction' (the open-domain stage 2: scene-classifier prior, soft belief, attribution loss, text tower frozen).",
            DefaultValueFactory = _ => "contrastive",
        };
        stage.AcceptOnlyFromAmong("contrastive", "instruction");
        var trainText = new Option<bool>("--train-text") { Description = "With --stage instruction: train the text tower too (the recipe keeps it frozen)." };
        var prior = new Option<string>("--prior")
        {
            Description = "The visual prior: 'config' (what the model config says), 'builtin' (small CNN trained on the scene labels, then frozen), " +
                          "'builtin-resnet50' (the same with a torchvision ResNet-50 layout), 'checkpoint:FILE' (a torchvision ResNet state_dict or a CLIP " +
                          "modified-ResNet checkpoint, frozen), or 'onnx:FILE' (an ONNX scene classifier as a pipeline step; see --prior-input/-output/-size/-mean/-std).",
            DefaultValueFactory = _ => "config",
        };
        var priorInput = new Option<string>("--prior-input") { Description = "onnx prior: name of the graph's image input.", DefaultValueFactory = _ => "input" };
        var priorOutput = new Option<string>("--prior-output") { Description = "onnx prior: name of the output used as the instruction.", DefaultValueFactory = _ => "output" };
        var priorSize = new Option<int>("--prior-size") { Description = "onnx prior: input side in pixels.", DefaultValueFactory = _ => 224 };
        var priorMean = new Option<string>("--prior-mean") { Description = "onnx prior: per-channel mean of 0–1 pixels (default ImageNet's).", DefaultValueFactory = _ => "0.485,0.456,0.406" };
        var priorStd = new Option<string>("--prior-std") { Description = "onnx prior: per-channel std (default ImageNet's).", DefaultValueFactory = _ => "0.229,0.224,0.225" };
        var vocabularyFrom = new Option<string?>("--vocabulary-from") { Description = "Also learn the word vocabulary from this dataset's train captions (a stage-1 model a later stage fine-tunes on them)." };
        var command = new Command("train", "Train PriorCLIP on a dataset's train split, validating on its val split; save the pipeline as OUTPUT/model.zip.\n\n" +
                                           "Examples:\n  priorclip train --dataset out/demo/synthetic/dataset_synthetic.json --epochs 5\n" +
                                           "  priorclip train -d data/rsitmd/dataset_RSITMD.json --images data/rsitmd/images --config pir-closed --prior builtin-resnet50 --device cuda --resume\n" +
                                           "  priorclip train -d coarse.json --config open-tiny -o stage1 --vocabulary-from dataset.json && " +
                                           "priorclip train -d dataset.json --init-from stage1/model.zip --stage instruction -o stage2")
        { dataset, images, config, epochs, batch, lr, seed, device, output, resume, every, priorEpochs, patience, noAugment, initFrom, stage, trainText, vocabularyFrom, prior, priorInput, priorOutput, priorSize, priorMean, priorStd };
        command.Validators.Add(r =>
        {
            if (r.GetValue(initFrom) is null && r.GetResult(stage) is { Implicit: false }) r.AddError("--stage needs --init-from");
            if (r.GetValue(trainText) && r.GetValue(stage) != "instruction") r.AddError("--train-text applies to --stage instruction");
            if (r.GetValue(initFrom) is not null && r.GetResult(prior) is { Implicit: false }) r.AddError("--prior does not apply with --init-from (the stage decides the prior)");
            if (r.GetValue(initFrom) is not null && r.GetValue(vocabularyFrom) is not null) r.AddError("--vocabulary-from does not apply with --init-from (the initial model's tokenizer is kept)");
        });
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(r.GetValue(seed));
            // The trainer's warnings (a skipped step, a prior left untrained) go to ML.NET's log; show them.
            ml.Log += (_, e) =>
            {
                if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning && e.Source.Contains(nameof(PriorClipTrainer), StringComparison.Ordinal))
                    Console.Error.WriteLine("warning: " + e.Message);
            };
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
            Console.WriteLine($"Training '{(r.GetValue(initFrom) is null ? options.ModelConfig : Path.GetFileName(r.GetValue(initFrom)))}' on {data.Report.Splits[DatasetSplits.Train].Images} images for {options.Epochs} epochs"
                              + (valid is null ? " (no val split: the last epoch is kept)" : ", validating on the val split") + " …");
            if (options.Resume)
                Console.WriteLine(PriorClip.MLNet.Trainers.Checkpoints.TrainingCheckpoint.ResumeFile(options.CheckpointDirectory) is { } from
                    ? $"Resuming from {from}" : $"--resume: no checkpoint in {options.CheckpointDirectory} yet, so training starts from the beginning");
            TransformerChain<ITransformer> model;
            PriorClipTrainer trainer;
            if (r.GetValue(initFrom) is { } initPath)
            {
                var initial = PriorClipModelFile.Load(new MLContext(seed: 0), EvalCommand.RequireFile(initPath, "--init-from"), out _);
                var fineTune = r.GetValue(stage) == "instruction" ? FineTuneStage.Instruction : FineTuneStage.Contrastive;
                Console.WriteLine($"Starting from {initPath} ({fineTune} stage)");
                (model, trainer) = RetrievalPipeline.FineTune(ml, initial, train, valid, options, fineTune, r.GetValue(trainText));
            }
            else
            {
                IDataView? vocabulary = null;
                if (r.GetValue(vocabularyFrom) is { } other)
                {
                    var extra = CaptionDatasetReader.Read(other, new DatasetReadOptions { ImageFolder = r.GetValue(images) });
                    vocabulary = ml.Data.LoadFromEnumerable(data.ToRows(DatasetSplits.Train).Concat(extra.ToRows(DatasetSplits.Train)).ToList());
                }
                var onnx = PriorOption.Apply(options, r.GetValue(prior)!, r.GetValue(priorInput)!, r.GetValue(priorOutput)!, r.GetValue(priorSize),
                    r.GetValue(priorMean)!, r.GetValue(priorStd)!);
                (model, trainer) = RetrievalPipeline.Fit(ml, train, valid, options, vocabularyData: vocabulary, onnxPrior: onnx);
            }
            string modelPath = Path.Combine(folder, ModelFileName);
            ml.Model.Save(model, train.Schema, modelPath);
            // The trainer logs its early stop to the ML.NET channel, which the CLI does not print; say it here.
            int ran = trainer.TrainingHistory.Count, planned = r.GetValue(epochs), patienceEpochs = r.GetValue(patience);
            if (patienceEpochs > 0 && ran < planned)
                Console.WriteLine($"Stopped early after epoch {ran} of {planned}: no validation improvement for {patienceEpochs} epoch(s) (--early-stop {patienceEpochs}).");
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
