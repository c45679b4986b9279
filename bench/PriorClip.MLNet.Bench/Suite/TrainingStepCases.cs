using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Data.Synthetic;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Trainers.Diagnostics;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// Training-step cases: <c>tiny</c> through the real ML.NET trainer on the demo's data and batch, the same step in
/// raw TorchSharp (<see cref="RawTrainingStep"/>), and raw steps of the 224-px configs at a small batch.
/// </summary>
internal static class TrainingStepCases
{
    /// <summary>The shape of the trainer's batches, handed from the trainer case to the raw case of the same model.</summary>
    internal sealed record TrainerBatchShape(PriorClipModelConfig Config, int Rows, int Images, int SceneClasses);

    static string ShapeFile(string folder) => Path.Combine(folder, "tiny-trainer-batch.json");

    /// <summary>One epoch of the demo's training (after its prior epoch), each step timed by the trainer's profile.</summary>
    public static void TinyThroughTrainer(SuiteCaseResult result, string folder, string dataFolder)
    {
        string json = Path.Combine(dataFolder, SyntheticDatasetGenerator.JsonFileName);
        if (!File.Exists(json)) SyntheticDatasetGenerator.Generate(dataFolder, new SyntheticDatasetOptions { Seed = 42 });
        var dataset = CaptionDatasetReader.Read(json);
        var ml = new MLContext(42);
        var options = SyntheticDemo.TrainerOptions(epochs: 1);
        options.PriorEpochs = 1;
        options.StepProfile = new TrainingStepProfile();
        var (model, _) = RetrievalPipeline.Fit(ml, dataset.ToDataView(ml, DatasetSplits.Train), null, options);
        var p = options.StepProfile;
        // The first steps warm LibTorch's kernels and the allocator up, so they are left out (the raw case discards its own
        // warm-up steps). The epoch's last, smaller batch stays in: one of over a hundred, it cannot move the median.
        var steps = p.StepMilliseconds.Skip(WarmupSteps).ToList();
        result.Add("step_ms", $"tiny: training step in the ML.NET trainer (batch {options.BatchSize}, {steps.Count} steps of one epoch)", "ms", SampleStats.Of(steps));
        foreach (var phase in Enum.GetValues<StepPhase>())
            result.Facts[$"phase_ms_{phase}"] = p.Total(phase).TotalMilliseconds / p.Steps;
        var encoder = FindEncoder(model);
        var config = encoder.Config;
        int rows = (int)Math.Round((double)p.Rows / p.Steps), images = (int)Math.Round((double)p.Images / p.Steps);
        result.Facts["rows_per_step"] = (double)p.Rows / p.Steps;
        result.Facts["images_per_step"] = (double)p.Images / p.Steps;
        AddFlops(result, encoder);
        int classes = config.Instruction.SceneClasses;
        AtomicFile.WriteAllText(ShapeFile(folder), JsonSerializer.Serialize(new TrainerBatchShape(config, rows, images, classes)));
    }

    /// <summary>The trainer case's model and batch shape, trained by <see cref="RawTrainingStep"/>.</summary>
    public static void TinyRaw(SuiteCaseResult result, string folder)
    {
        var shape = ReadShape(folder);
        using var model = PriorClipModelFactory.Create(shape.Config, seed: 0);
        Raw(result, model, shape.Rows, shape.Images, shape.Config.Text.ContextLength, shape.SceneClasses, warmups: 10, repeats: 30);
    }

    /// <summary>The batch shape and model config the trainer case wrote.</summary>
    public static TrainerBatchShape ReadShape(string folder)
    {
        string file = ShapeFile(folder);
        if (!File.Exists(file)) throw new InvalidOperationException($"{file} is missing: run the train-tiny-mlnet case first");
        return JsonSerializer.Deserialize<TrainerBatchShape>(File.ReadAllText(file))!;
    }

    /// <summary>A built-in config's raw step at <paramref name="batch"/> pairs (one caption per image).</summary>
    public static void ConfigRaw(SuiteCaseResult result, string configName, int batch, int repeats)
    {
        using var model = PriorClipModelFactory.Create(configName, seed: 0);
        Raw(result, model, batch, batch, model.ContextLength, sceneClasses: 12, warmups: 1, repeats: repeats);
    }

    /// <summary>Plain CLIP ViT-B/32 (no prior, pooled heads, contrastive loss only): the PyTorch twin's model.</summary>
    public static void ClipRaw(SuiteCaseResult result, int batch, int repeats)
    {
        using var model = PriorClipModelFactory.Create(PlainClip.VitB32(), seed: 0);
        Raw(result, model, batch, batch, model.ContextLength, sceneClasses: 0, warmups: 1, repeats: repeats);
    }

    const int WarmupSteps = 3;

    static void Raw(SuiteCaseResult result, PriorClipModel model, int rows, int images, int tokenLength, int sceneClasses, int warmups, int repeats)
    {
        using var step = new RawTrainingStep(model, rows, images, tokenLength, sceneClasses);
        var ms = Stopwatches.Milliseconds(step.Step, warmups, repeats);
        result.Add("step_ms", $"{model.Config.Name}: training step, raw TorchSharp ({rows} captions, {images} images, {tokenLength} tokens, {model.ImageSize} px)", "ms", ms);
        result.Facts["rows_per_step"] = rows;
        result.Facts["images_per_step"] = images;
        result.Facts["token_length"] = tokenLength;
        AddFlops(result, model);
    }

    /// <summary>Forward FLOPs per image and per full-context caption (the compute-bound ceilings are derived from them).</summary>
    internal static void AddFlops(SuiteCaseResult result, PriorClipModel model)
    {
        var complexity = ModelComplexity.Measure(model);
        result.Facts["image_flops"] = complexity.ImageFlops;
        result.Facts["text_flops"] = complexity.TextFlops;
        result.Facts["parameters"] = complexity.TotalParameters;
    }

    static PriorClipModel FindEncoder(Microsoft.ML.Data.TransformerChain<ITransformer> chain) =>
        chain.OfType<Transforms.Embedding.PriorClipEncodeTransformer>().Single().Model;
}
