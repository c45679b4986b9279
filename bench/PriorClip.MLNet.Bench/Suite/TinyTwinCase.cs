using System.Text.Json;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Import;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// The PyTorch twin of <c>tiny</c> as the demo's trainer builds it (bench/pytorch/tiny_twin.py, with the vocabulary,
/// context and scene classes of the trainer case's model). Proven first: PyTorch writes seeded random weights with
/// <c>torch.save</c> (the C# parameter and buffer names), the case copies them strictly into the C# model, and the
/// eval-mode embeddings and loss parts of the same batch must agree; then PyTorch times the raw case's training step
/// and premade image and caption batches.
/// </summary>
internal static class TinyTwinCase
{
    public const int EncodeBatch = 128;
    public const double Tolerance = 1e-4;

    public static void Run(SuiteCaseResult result, string folder)
    {
        string script = PythonPeer.Script("tiny_twin.py");
        if (PythonPeer.Unavailable(script) is { } why)
        {
            result.Notes.Add("not run: " + why);
            return;
        }
        var shape = TrainingStepCases.ReadShape(folder);
        var config = shape.Config;
        string[] model = ["--threads", $"{get_num_threads()}", "--vocab", $"{config.Text.VocabSize}", "--context", $"{config.Text.ContextLength}",
                          "--scene-classes", $"{config.Instruction.SceneClasses}"];
        string twin = Path.GetFullPath(Path.Combine(folder, "twin-tiny"));
        PythonPeer.RunOrThrow(script, ["write", twin, .. model], out _);
        Compare(result, twin, config);
        using var json = PythonPeer.RunForJson(script, ["time", .. model, "--rows", $"{shape.Rows}", "--images", $"{shape.Images}",
            "--image-batch", $"{EncodeBatch}", "--text-batch", $"{EncodeBatch}", "--repeats", "10"]);
        var root = json.RootElement;
        result.Add("pytorch_step_ms", $"PyTorch training step ({shape.Rows} captions, {shape.Images} images, {config.Text.ContextLength} tokens)", "ms", PythonPeer.Milliseconds(root, "train_step_ms"));
        result.Add("pytorch_images_per_s", $"PyTorch image encoding, premade batch of {EncodeBatch}", "images/s", PythonPeer.Milliseconds(root, "image_batch_ms").Map(ms => EncodeBatch * 1000 / ms));
        result.Add("pytorch_captions_per_s", $"PyTorch caption encoding, premade batch of {EncodeBatch}", "captions/s", PythonPeer.Milliseconds(root, "text_batch_ms").Map(ms => EncodeBatch * 1000 / ms));
        result.Notes.Add(PythonPeer.Describe(root));
    }

    static void Compare(SuiteCaseResult result, string twin, Modeling.Configs.PriorClipModelConfig config)
    {
        using var model = PriorClipModelFactory.Create(config, seed: 0);
        CopyStrict(model, Path.Combine(twin, "tiny.pt"));
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var pixels = TwinFiles.Pixels(twin, model.ImageSize);
        var ids = TwinFiles.Int64(twin, "ids.npy").view(pixels.shape[0], model.ContextLength);
        var mask = ids.ne(0).to_type(ScalarType.Int64);
        double imageDiff = TwinFiles.MaxDiff(model.EncodeImage(pixels, null), twin, "image.npy");
        double textDiff = TwinFiles.MaxDiff(model.EncodeText(ids, mask), twin, "text.npy");
        TwinFiles.Record(result, "twin", imageDiff, textDiff, Tolerance);

        // The loss of a batch whose rows share images: the distinct images are the first max(row_images) + 1 pixel rows.
        var rowImages = TwinFiles.Int64(twin, "row_images.npy");
        long images = rowImages.max().item<long>() + 1;
        using var parts = model.ComputeLoss(pixels.narrow(0, 0, images), null, ids, mask, TwinFiles.Int64(twin, "image_ids.npy"),
            TwinFiles.Int64(twin, "scene_classes.npy"), rowImages);
        using var loss = JsonDocument.Parse(File.ReadAllText(Path.Combine(twin, "loss.json")));
        double worst = 0;
        foreach (var (name, ours) in new[] { ("total", parts.Total), ("contrastive", parts.Contrastive), ("attribution", parts.Attribution) })
        {
            double theirs = loss.RootElement.GetProperty(name).GetDouble();
            worst = Math.Max(worst, Math.Abs(ours.item<float>() - theirs) / Math.Abs(theirs));
        }
        result.Facts["twin_loss_max_rel_diff"] = worst;
        if (!(worst <= Tolerance)) result.Notes.Add($"EQUIVALENCE FAILED: loss parts differ by {worst:E2} (relative) > {Tolerance:E0}");
    }

    /// <summary>
    /// Copies every tensor of a state-dict file into the model's parameters and buffers, requiring the same names,
    /// shapes and types (PyBridge's strict load would also clear requires_grad, which the timing steps need).
    /// </summary>
    static void CopyStrict(PriorClipModel model, string path)
    {
        using var file = CheckpointReader.Read(path);
        var ours = model.state_dict();
        var missing = ours.Keys.Except(file.Tensors.Keys).ToList();
        var extra = file.Tensors.Keys.Except(ours.Keys).ToList();
        var mismatched = ours.Keys.Intersect(file.Tensors.Keys)
            .Where(k => !ours[k].shape.SequenceEqual(file.Tensors[k].shape) || ours[k].dtype != file.Tensors[k].dtype).ToList();
        if (missing.Count + extra.Count + mismatched.Count > 0)
            throw new InvalidDataException($"'{path}' does not fit the model: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}], mismatched [{string.Join(", ", mismatched)}]");
        using var _ = no_grad();
        foreach (var (name, target) in ours) target.copy_(file.Tensors[name]);
    }
}
