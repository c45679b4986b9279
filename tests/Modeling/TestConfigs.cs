using PriorClip.MLNet.Modeling.Configs;

namespace PriorClip.MLNet.Tests.Modeling;

/// <summary>Built-in configs, and shrunk variants of the big ones that keep their structure (kinds, heads, strategies).</summary>
internal static class TestConfigs
{
    public static PriorClipModelConfig Tiny() => PriorClipModelConfig.Load("tiny");

    /// <summary>
    /// pir-closed with a 4-stage Swin of width 8 (2 blocks per stage: plain + shifted windows of 2) at 64 px
    /// (16→8→4→2 grids; 2×2 + pooled tokens), small BERT-like text.
    /// </summary>
    public static PriorClipModelConfig PirClosedShrunk()
    {
        var c = PriorClipModelConfig.Load("pir-closed");
        return c with
        {
            EmbedDim = 32,
            Vision = c.Vision with { ImageSize = 64, Width = 8, StageDepths = [2, 2, 2, 2], StageHeads = [1, 2, 2, 4], WindowSize = 2 },
            Text = c.Text with { VocabSize = 100, ContextLength = 16, Width = 32, Layers = 2, Heads = 4 },
            ImageHead = c.ImageHead with { TopK = 3, Heads = 4 },
            TextHead = c.TextHead with { Heads = 4 },
        };
    }

    /// <summary>pir-closed with its documented ResNet-50 alternative, shrunk: 1 bottleneck per stage, base width 8, 64 px (2×2 + pooled).</summary>
    public static PriorClipModelConfig PirClosedResNetShrunk()
    {
        var c = PirClosedShrunk();
        return c with { Vision = new VisionConfig { Kind = VisionKind.ResNet, ImageSize = 64, StageDepths = [1, 1, 1, 1], Width = 8 } };
    }

    /// <summary>pir-closed on CLIP's modified ResNet (the open-domain prior's trunk), shrunk: 1 bottleneck per stage, stem width 8, 64 px.</summary>
    public static PriorClipModelConfig PirClosedClipResNetShrunk()
    {
        var c = PirClosedShrunk();
        return c with { Vision = new VisionConfig { Kind = VisionKind.ClipResNet, ImageSize = 64, StageDepths = [1, 1, 1, 1], Width = 8, Heads = 4 } };
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

    /// <summary>tiny with the bidirectional GRU text trunk (1 layer, hidden 32) under Temporal-PAE.</summary>
    public static PriorClipModelConfig TinyGru()
    {
        var c = Tiny();
        return c with
        {
            Text = c.Text with { Kind = TextKind.Gru, Width = 32, Layers = 1 },
            TextHead = new TextHeadConfig { Kind = TextHeadKind.TemporalPae, Layers = 2, Heads = 4, Dropout = 0.0 },
        };
    }

    /// <summary>tiny with a learned embedding per grid cell on its CNN tokens.</summary>
    public static PriorClipModelConfig TinyGridPositions()
    {
        var c = Tiny();
        return c with { Vision = c.Vision with { GridPositions = true } };
    }

    public static IEnumerable<object[]> AllShrunk() =>
    [
        ["tiny"],
        ["tiny-gru"],
        ["tiny-grid-positions"],
        ["pir-closed"],
        ["pir-closed-resnet50"],
        ["pir-closed-clip-resnet"],
        ["priorclip-vit-b32"],
    ];

    public static PriorClipModelConfig ByName(string name) => name switch
    {
        "tiny" => Tiny(),
        "tiny-gru" => TinyGru(),
        "tiny-grid-positions" => TinyGridPositions(),
        "pir-closed" => PirClosedShrunk(),
        "pir-closed-resnet50" => PirClosedResNetShrunk(),
        "pir-closed-clip-resnet" => PirClosedClipResNetShrunk(),
        "priorclip-vit-b32" => VitB32Shrunk(),
        _ => throw new ArgumentException(name),
    };
}
