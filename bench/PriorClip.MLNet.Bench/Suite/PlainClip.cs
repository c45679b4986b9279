using PriorClip.MLNet.Modeling.Configs;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// OpenAI CLIP ViT-B/32 as a PriorCLIP config: <c>priorclip-vit-b32</c>'s towers without the prior, with pooled heads
/// and the contrastive loss only — the config the checkpoint importer infers from a ViT-B/32 file, and the model the
/// PyTorch twin (bench/pytorch/clip_twin.py) builds.
/// </summary>
internal static class PlainClip
{
    public static PriorClipModelConfig VitB32()
    {
        var open = PriorClipModelConfig.Load("priorclip-vit-b32");
        return open with
        {
            Name = "clip-vit-b32",
            Instruction = new InstructionConfig { Source = InstructionSource.None },
            ImageHead = new ImageHeadConfig { Kind = ImageHeadKind.Pooled },
            TextHead = new TextHeadConfig { Kind = TextHeadKind.Pooled },
            Loss = new LossConfig { MultiPositive = false, AttributionWeight = 0 },
        };
    }
}
