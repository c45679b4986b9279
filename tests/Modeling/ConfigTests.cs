using PriorClip.MLNet.Modeling.Configs;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class ConfigTests
{
    [Fact]
    public void BuiltInConfigsLoadByName()
    {
        var tiny = PriorClipModelConfig.Load("tiny");
        Assert.Equal(128, tiny.EmbedDim);
        Assert.Equal(VisionKind.SmallCnn, tiny.Vision.Kind);
        Assert.Equal(ImageHeadKind.SpatialPae, tiny.ImageHead.Kind);
        Assert.Equal(InstructionSource.SceneClassifier, tiny.Instruction.Source);

        var pir = PriorClipModelConfig.Load("pir-closed");
        Assert.Equal(VisionKind.Swin, pir.Vision.Kind);
        Assert.Equal(new[] { 3, 6, 12, 24 }, pir.Vision.StageHeads);
        Assert.Equal(40, pir.ImageHead.TopK);
        Assert.Equal(3, pir.TextHead.Layers);
        Assert.Equal(768, pir.Text.Width);

        var vit = PriorClipModelConfig.Load("priorclip-vit-b32");
        Assert.Equal(VisionKind.Vit, vit.Vision.Kind);
        Assert.Equal(ImageHeadKind.SoftBelief, vit.ImageHead.Kind);
        Assert.Equal(512, vit.Instruction.Width);
        Assert.True(vit.Text.Causal);
        Assert.Equal(TextPooling.EotArgmax, vit.Text.Pooling);
        Assert.Equal(ActivationKind.QuickGelu, vit.Vision.Activation);
    }

    [Fact]
    public void ConfigRoundTripsThroughAFile()
    {
        var original = PriorClipModelConfig.Load("pir-closed");
        var path = Path.Combine(Path.GetTempPath(), $"priorclip-config-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, original.ToJson());
            var loaded = PriorClipModelConfig.Load(path);
            Assert.Equal(original.ToJson(), loaded.ToJson());
            Assert.Equal(original.Vision.StageDepths, loaded.Vision.StageDepths);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnknownNameSaysWhatExists()
    {
        var ex = Assert.Throws<ArgumentException>(() => PriorClipModelConfig.Load("vit-h14"));
        Assert.Contains("tiny", ex.Message);
    }

    [Theory]
    [InlineData("""{ "embed_dim": 0 }""", "embed_dim")]
    [InlineData("""{ "vision": { "kind": "vit", "width": 100, "heads": 12 } }""", "vision.heads")]
    [InlineData("""{ "vision": { "kind": "hexnet" } }""", "vision.kind")]
    [InlineData("""{ "text": { "widht": 64 } }""", "text.widht")]
    [InlineData("""{ "instruction": { "source": "external", "width": 8 }, "image_head": { "kind": "spatial_pae", "top_k": 99 } }""", "image_head.top_k")]
    [InlineData("""{ "image_head": { "kind": "spatial_pae", "top_k": 3 } }""", "instruction.source")]
    [InlineData("""{ "text": { "causal": true, "pooling": "first" } }""", "text.pooling")]
    [InlineData("""{ "vision": { "stage_widths": [32, -1] } }""", "vision.stage_widths[1]")]
    [InlineData("""{ "loss": { "init_temperature": 0 } }""", "loss.init_temperature")]
    [InlineData("""{ "vision": { "kind": "vit", "image_size": 32, "patch_size": 16, "width": 32, "heads": 4, "grid_positions": true } }""", "vision.grid_positions")]
    [InlineData("""{ "vision": { "kind": "swin", "image_size": 224, "patch_size": 4, "width": 96, "window_size": 5 } }""", "vision.window_size")]
    [InlineData("""{ "vision": { "kind": "swin", "image_size": 224, "stage_heads": [3, 6] } }""", "vision.stage_heads")]
    [InlineData("""{ "vision": { "kind": "swin", "image_size": 224, "patch_size": 4, "width": 96, "stage_heads": [3, 5, 12, 24] } }""", "vision.stage_heads[1]")]
    public void BadFieldIsNamed(string json, string field)
    {
        var ex = Assert.Throws<ModelConfigException>(() => PriorClipModelConfig.Parse(json));
        Assert.Equal(field, ex.Field);
        Assert.Contains(field, ex.Message);
    }
}
