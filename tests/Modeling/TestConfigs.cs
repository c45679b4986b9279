using PriorClip.MLNet.Modeling.Configs;

namespace PriorClip.MLNet.Tests.Modeling;

/// <summary>Built-in configs, and shrunk variants of the big ones that keep their structure (kinds, heads, strategies).</summary>
internal static class TestConfigs
{
    public static PriorClipModelConfig Tiny() => PriorClipModelConfig.Load("tiny");

    /// <summary>pir-closed with a 1-block-per-stage ResNet of base width 8 at 64 px (2×2 grid + pooled), small BERT-like text.</summary>
    public static PriorClipModelConfig PirClosedShrunk()
    {
        var c = PriorClipModelConfig.Load("pir-closed");
        return c with
        {
            EmbedDim = 32,
            Vision = c.Vision with { ImageSize = 64, StageDepths = [1, 1, 1, 1], Width = 8 },
            Text = c.Text with { VocabSize = 100, ContextLength = 16, Width = 32, Layers = 2, Heads = 4 },
            ImageHead = c.ImageHead with { TopK = 3, Heads = 4 },
            TextHead = c.TextHead with { Heads = 4 },
        };
    }

    /// <summary>priorclip-vit-b32 with a 2-layer width-32 ViT (patch 16 at 32 px: 2×2 + CLS) and a 2-layer causal text tower.</summary>
    public static PriorClipModelConfig VitB32Shrunk()
    {
        var c = PriorClipModelConfig.Load("priorclip-vit-b32");
        return c with
        {
            EmbedDim = 16,
            Vision = c.Vision with { ImageSize = 32, PatchSize = 16, Width = 32, Layers = 2, Heads = 4 },
            Text = c.Text with { VocabSize = 100, ContextLength = 16, Width = 32, Layers = 2, Heads = 4 },
        };
    }

    public static IEnumerable<object[]> AllShrunk() =>
    [
        ["tiny"],
        ["pir-closed"],
        ["priorclip-vit-b32"],
    ];

    public static PriorClipModelConfig ByName(string name) => name switch
    {
        "tiny" => Tiny(),
        "pir-closed" => PirClosedShrunk(),
        "priorclip-vit-b32" => VitB32Shrunk(),
        _ => throw new ArgumentException(name),
    };
}
