using System.Text.Json;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Import;
using PriorClip.MLNet.Pipelines.Retrieval;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// The PyTorch twin of CLIP ViT-B/32 (bench/pytorch/clip_twin.py) at the TorchSharp cases' threads and batch shapes.
/// First the twins are proven to compute the same function: PyTorch writes random weights with <c>torch.save</c> and
/// its embeddings of fixed inputs, the library's checkpoint importer loads the file, and the embeddings are compared.
/// Then PyTorch times its training step, image batch, caption batch and GEMM. Without Debian's <c>python3-torch</c> the
/// case records why it did not run, and the report says so instead of showing numbers.
/// </summary>
internal static class PyTorchTwinCase
{
    public const int TrainBatch = 8, ImageBatch = 64, TextBatch = 64; // 64: PriorClipEncode's default batch
    public const double Tolerance = 1e-4;

    public static void Run(SuiteCaseResult result, string folder)
    {
        string script = PythonPeer.Script("clip_twin.py");
        if (PythonPeer.Unavailable(script) is { } why)
        {
            result.Notes.Add("not run: " + why);
            return;
        }
        string threads = $"{get_num_threads()}";
        string twin = Path.GetFullPath(Path.Combine(folder, "twin-clip"));
        PythonPeer.RunOrThrow(script, ["write", twin, "--threads", threads], out _);
        CompareEmbeddings(result, twin);
        File.Delete(Path.Combine(twin, "clip_vit_b32.pt")); // 600 MB: not kept
        using var json = PythonPeer.RunForJson(script, "time", "--threads", threads, "--train-batch", $"{TrainBatch}",
            "--image-batch", $"{ImageBatch}", "--text-batch", $"{TextBatch}", "--repeats", "5");
        var root = json.RootElement;
        result.Add("pytorch_step_ms", $"PyTorch training step ({TrainBatch} pairs, 224 px, 77 tokens)", "ms", PythonPeer.Milliseconds(root, "train_step_ms"));
        result.Add("pytorch_images_per_s", $"PyTorch encode_image, premade batch of {ImageBatch}", "images/s", PythonPeer.Milliseconds(root, "image_batch_ms").Map(ms => ImageBatch * 1000 / ms));
        result.Add("pytorch_captions_per_s", $"PyTorch encode_text, premade batch of {TextBatch} × 77 tokens", "captions/s", PythonPeer.Milliseconds(root, "text_batch_ms").Map(ms => TextBatch * 1000 / ms));
        result.Add("pytorch_gemm_gflops", "PyTorch float32 GEMM 2048³ (its BLAS)", "GFLOP/s", PythonPeer.Milliseconds(root, "gemm_2048_ms").Map(ms => 2.0 * 2048 * 2048 * 2048 / (ms * 1e6)));
        result.Notes.Add(PythonPeer.Describe(root));
    }

    static void CompareEmbeddings(SuiteCaseResult result, string twin)
    {
        var imported = ClipCheckpointImporter.Import(Path.Combine(twin, "clip_vit_b32.pt"), new ClipImportOptions { Activation = ActivationKind.QuickGelu });
        using var model = imported.Model;
        var expected = PlainClip.VitB32();
        if (JsonSerializer.Serialize(model.Config.Vision) != JsonSerializer.Serialize(expected.Vision) ||
            JsonSerializer.Serialize(model.Config.Text) != JsonSerializer.Serialize(expected.Text))
            result.Notes.Add("the imported twin's architecture differs from the benchmark's CLIP ViT-B/32 config");
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var pixels = TwinFiles.Pixels(twin, model.ImageSize);
        var ids = TwinFiles.Int64(twin, "ids.npy").view(pixels.shape[0], model.ContextLength);
        double imageDiff = TwinFiles.MaxDiff(model.EncodeImage(pixels, null), twin, "image.npy");
        double textDiff = TwinFiles.MaxDiff(model.EncodeText(ids, ids.ne(0).to_type(ScalarType.Int64)), twin, "text.npy");
        TwinFiles.Record(result, "twin", imageDiff, textDiff, Tolerance);
    }
}

/// <summary>Reading what a PyTorch twin's <c>write</c> mode left in its folder, and recording the comparison.</summary>
internal static class TwinFiles
{
    public static Tensor Pixels(string folder, int imageSize)
    {
        var matrix = NpyFile.ReadEmbeddingMatrix(Path.Combine(folder, "pixels.npy"));
        return tensor(matrix.Values.ToArray(), [matrix.Rows, 3, imageSize, imageSize]);
    }

    public static Tensor Int64(string folder, string file) =>
        tensor(NpyFile.ReadInt32Vector(Path.Combine(folder, file)).Select(i => (long)i).ToArray());

    public static double MaxDiff(Tensor ours, string folder, string file)
    {
        var theirs = NpyFile.ReadEmbeddingMatrix(Path.Combine(folder, file));
        return (ours - tensor(theirs.Values.ToArray(), [theirs.Rows, theirs.Dimension])).abs().max().item<float>();
    }

    public static void Record(SuiteCaseResult result, string prefix, double imageDiff, double textDiff, double tolerance)
    {
        result.Facts[$"{prefix}_image_max_abs_diff"] = imageDiff;
        result.Facts[$"{prefix}_text_max_abs_diff"] = textDiff;
        Console.Error.WriteLine($"  {prefix}: max |TorchSharp − PyTorch| image {imageDiff:E2}, text {textDiff:E2}");
        if (!(imageDiff <= tolerance && textDiff <= tolerance))
            result.Notes.Add($"EQUIVALENCE FAILED: max |diff| image {imageDiff:E2}, text {textDiff:E2} > {tolerance:E0}");
    }
}
