using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Import;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// <c>priorclip import</c> writes a .zip that a separate <c>priorclip encode</c> process turns into PyTorch's
/// embeddings of the fixture images and captions.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class ImportVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ImportedZipEncodesLikePyTorchInAFreshProcess()
    {
        string zip = Path.Combine(_dir, "openai.zip");
        var import = CliHarness.Run("import", "--checkpoint", CheckpointFixtures.Path("vit_openai_jit.pt"), "--tokenizer", CheckpointFixtures.Path("tokenizer"), "-o", zip);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("TorchScript", import.Out);
        Assert.Contains("ViT width 128, 2 layers, 2 heads, patch 8", import.Out);
        Assert.Contains("QuickGelu (OpenAI TorchScript default (quick_gelu))", import.Out);

        string images = Path.Combine(_dir, "images");
        Directory.CreateDirectory(images);
        foreach (var f in CheckpointFixtures.Images("vit")) File.Copy(f, Path.Combine(images, Path.GetFileName(f)));
        string captions = Path.Combine(_dir, "captions.txt");
        File.WriteAllLines(captions, CheckpointFixtures.Captions());
        string encoded = Path.Combine(_dir, "encoded");
        foreach (var args in new[] { new[] { "--image-folder", images }, ["--captions", captions] })
        {
            using var process = CliHarness.Start(["encode", "-m", zip, .. args, "-o", encoded]);
            string err = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, err);
        }
        // encode --image-folder orders files by name, as images.json lists them.
        CheckpointFixtures.AssertClose("vit_image.npy", Rows(NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "images.npy"))));
        CheckpointFixtures.AssertClose("vit_text.npy", Rows(NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "texts.npy"))));
    }

    [Fact]
    public void AnImportedModelEvaluatesWithoutTraining()
    {
        string zip = Path.Combine(_dir, "rn.zip");
        Assert.Equal(0, CliHarness.Run("import", "-c", CheckpointFixtures.Path("rn_open_clip.pt"), "--tokenizer", CheckpointFixtures.Path("tokenizer"), "-o", zip).ExitCode);
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "12", "--val", "12", "--test", "12", "--seed", "4");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string dataset = Path.Combine(_dir, "data", "dataset_synthetic.json");
        string metrics = Path.Combine(_dir, "metrics.json");
        var eval = CliHarness.Run("eval", "-m", zip, "-d", dataset, "--json", metrics);
        Assert.True(eval.ExitCode == 0, eval.ToString());

        // The verb's numbers are the evaluator's on the model's own embeddings of the split.
        string encoded = Path.Combine(_dir, "encoded");
        Assert.Equal(0, CliHarness.Run("encode", "-m", zip, "-d", dataset, "-o", encoded).ExitCode);
        var expected = new Microsoft.ML.MLContext().Retrieval().Evaluate(NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "images.npy")),
            NpyFile.ReadEmbeddingMatrix(Path.Combine(encoded, "texts.npy")), CaptionImageMapping.FromNpy(Path.Combine(encoded, "caption_image.npy")));
        double mR = System.Text.Json.JsonDocument.Parse(File.ReadAllText(metrics)).RootElement.GetProperty("mR").GetDouble();
        Assert.Equal(expected.MeanRecall, mR, 6);
    }

    [Theory]
    [InlineData("contrastive")]
    [InlineData("instruction")]
    public void AnImportedModelFineTunesFromTheCommandLine(string stage)
    {
        string zip = Path.Combine(_dir, "vit.zip");
        Assert.Equal(0, CliHarness.Run("import", "-c", CheckpointFixtures.Path("vit_hf", "model.safetensors"), "-o", zip).ExitCode);
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "12", "--val", "12", "--test", "12", "--seed", "4");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string dataset = Path.Combine(_dir, "data", "dataset_synthetic.json");
        string output = Path.Combine(_dir, "tuned");
        var train = CliHarness.Run("train", "-d", dataset, "--init-from", zip, "--stage", stage, "--epochs", "1", "--batch-size", "12",
            "--prior-epochs", "1", "--no-augment", "-o", output);
        Assert.True(train.ExitCode == 0, train.ToString());
        var eval = CliHarness.Run("eval", "-m", Path.Combine(output, "model.zip"), "-d", dataset);
        Assert.True(eval.ExitCode == 0, eval.ToString());
    }

    [Fact]
    public void AMismatchedCheckpointFailsWithTheNamesAndAHint()
    {
        // The torchvision classifier is not a CLIP model: the error says which tensor the inference needed.
        var result = CliHarness.Run("import", "-c", CheckpointFixtures.Path("torchvision_resnet.pt"), "--tokenizer", CheckpointFixtures.Path("tokenizer"), "-o", Path.Combine(_dir, "x.zip"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("visual.conv1.weight", result.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "x.zip")));
    }

    static float[][] Rows(EmbeddingMatrix m) => Enumerable.Range(0, m.Rows).Select(r => m.Row(r).ToArray()).ToArray();
}
