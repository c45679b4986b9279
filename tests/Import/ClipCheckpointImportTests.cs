using Microsoft.ML;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Import;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms;
using static PriorClip.MLNet.Tests.Import.CheckpointFixtures;

namespace PriorClip.MLNet.Tests.Import;

/// <summary>
/// Checkpoints written by PyTorch (tests/Fixtures/Checkpoints/make_checkpoints.py) import into models whose
/// embeddings of the fixture's PNG images (through ML.NET's image pipeline) and captions (through the CLIP BPE
/// tokenizer) equal PyTorch's to 1e-4.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class ClipCheckpointImportTests
{
    [Theory]
    [InlineData("vit_open_clip.pt", "quick_gelu", CheckpointFormat.TorchStateDict, "open_clip")]
    [InlineData("vit_open_clip_wrapped.pt", "quick_gelu", CheckpointFormat.TorchStateDict, "open_clip")]
    [InlineData("vit_openai_jit.pt", null, CheckpointFormat.TorchScript, "open_clip")]
    [InlineData("vit_hf/model.safetensors", null, CheckpointFormat.Safetensors, "hugging_face")]
    public void VitCheckpointsReproducePyTorchEmbeddings(string file, string? activation, CheckpointFormat format, string layout)
    {
        var ml = new MLContext(seed: 1);
        string tokenizer = file.StartsWith("vit_hf", StringComparison.Ordinal) ? Path("vit_hf") : Path("tokenizer");
        var options = new ClipImportOptions { Activation = activation == "quick_gelu" ? ActivationKind.QuickGelu : null };
        var result = ClipCheckpointPipeline.Import(ml, Path(file), tokenizer, options);
        Assert.Equal(format, result.Checkpoint.Format);
        Assert.Equal(layout, result.Checkpoint.Layout);
        Assert.Equal(ActivationKind.QuickGelu, result.Checkpoint.Activation);

        var config = result.Checkpoint.Model.Config;
        Assert.Equal((VisionKind.Vit, 32, 8, 128, 2, 2), (config.Vision.Kind, config.Vision.ImageSize, config.Vision.PatchSize, config.Vision.Width, config.Vision.Layers, config.Vision.Heads));
        Assert.Equal((764, 77, 64, 2, 1), (config.Text.VocabSize, config.Text.ContextLength, config.Text.Width, config.Text.Layers, config.Text.Heads));
        Assert.Equal(32, config.EmbedDim);

        var (images, texts) = Encode(ml, result.Model, "vit");
        AssertClose("vit_image.npy", images);
        AssertClose("vit_text.npy", texts);
    }

    [Fact]
    public void ModifiedResNetCheckpointWithGeluTextReproducesPyTorch()
    {
        var ml = new MLContext(seed: 1);
        var result = ClipCheckpointPipeline.Import(ml, Path("rn_open_clip.pt"), Path("tokenizer"));
        Assert.Equal(ActivationKind.Gelu, result.Checkpoint.Activation); // the open_clip state-dict default
        var vision = result.Checkpoint.Model.Config.Vision;
        Assert.Equal((VisionKind.ClipResNet, 64, 8, 4), (vision.Kind, vision.ImageSize, vision.Width, vision.Heads));
        Assert.Equal([1, 1, 2, 1], vision.StageDepths);

        var (images, texts) = Encode(ml, result.Model, "rn");
        AssertClose("rn_image.npy", images);
        AssertClose("rn_text.npy", texts);
    }

    [Fact]
    public void TheActivationOptionIsHonoured()
    {
        // The same ViT weights with the wrong activation give measurably different text embeddings.
        var ml = new MLContext(seed: 1);
        var gelu = ClipCheckpointPipeline.Import(ml, Path("vit_open_clip.pt"), Path("tokenizer"));
        Assert.Equal(ActivationKind.Gelu, gelu.Checkpoint.Activation);
        Assert.Equal("open_clip state dict default (gelu)", gelu.Checkpoint.ActivationSource);
        var (_, texts) = Encode(ml, gelu.Model, "vit");
        var ex = Assert.Throws<Xunit.Sdk.TrueException>(() => AssertClose("vit_text.npy", texts));
        Assert.Contains("largest difference", ex.Message);
    }

    [Fact]
    public void ImportedModelRoundTripsThroughAZip()
    {
        var ml = new MLContext(seed: 1).RegisterPriorClip();
        var result = ClipCheckpointPipeline.Import(ml, Path("vit_hf", "model.safetensors"));
        string zip = System.IO.Path.Combine(Directory.CreateTempSubdirectory("priorclip-import-").FullName, "m.zip");
        try
        {
            ml.Model.Save(result.Model, result.InputSchema, zip);
            var loaded = new MLContext(seed: 2).RegisterPriorClip().Model.Load(zip, out _);
            var (images, texts) = Encode(ml, loaded, "vit");
            AssertClose("vit_image.npy", images);
            AssertClose("vit_text.npy", texts);
        }
        finally
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(zip)!, recursive: true);
        }
    }

    [Fact]
    public void TokenizerProblemsNameTheFolderOrTheIds()
    {
        string folder = Directory.CreateTempSubdirectory("priorclip-tok-").FullName;
        try
        {
            var missing = Assert.Throws<FileNotFoundException>(() => ClipCheckpointPipeline.Import(new MLContext(), Path("vit_open_clip.pt"), folder));
            Assert.Contains("vocab.json + merges.txt", missing.Message);
            Assert.Contains(folder, missing.Message);

            // A vocabulary with ids beyond the checkpoint's 764 token embeddings belongs to another model.
            var vocab = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(Path("tokenizer", "vocab.json")))!;
            vocab["extra</w>"] = 9999;
            File.WriteAllText(System.IO.Path.Combine(folder, "vocab.json"), System.Text.Json.JsonSerializer.Serialize(vocab));
            File.Copy(Path("tokenizer", "merges.txt"), System.IO.Path.Combine(folder, "merges.txt"));
            var foreign = Assert.Throws<InvalidDataException>(() => ClipCheckpointPipeline.Import(new MLContext(), Path("vit_open_clip.pt"), folder));
            Assert.Contains("ids up to 9999", foreign.Message);
            Assert.Contains("embeds only 764 tokens", foreign.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
