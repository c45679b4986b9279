using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.Swin;

/// <summary>
/// Swin Transformer trunk (Swin-T = width 96, depths 2,2,6,2, heads 3,6,12,24, window 7, patch 4) with the
/// original Microsoft code's parameter names (<c>patch_embed.proj/norm, layers.{i}.blocks.{j}.*,
/// layers.{i}.downsample.*, norm</c>), as PIR's X-VLM backbone. Tokens: last stage after <c>norm</c> (7×7 at 224 px)
/// with their mean prepended = 50 tokens of width 8·C (768 for Swin-T), as PIR feeds Spatial-PAE.
/// </summary>
public sealed class SwinTransformer : VisionTrunk
{
#pragma warning disable IDE1006
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<SwinStage> layers;
    private readonly LayerNorm norm;
#pragma warning restore IDE1006
    private readonly int _width;
    private readonly int _tokens;

    /// <summary>Creates the trunk from a <see cref="VisionKind.Swin"/> config.</summary>
    public SwinTransformer(VisionConfig config) : base(nameof(SwinTransformer))
    {
        int stages = config.StageDepths.Length;
        int resolution = config.ImageSize / config.PatchSize;
        patch_embed = new PatchEmbed(config.PatchSize, config.Width);
        var list = new List<SwinStage>();
        int dim = config.Width;
        for (int i = 0; i < stages; i++)
        {
            bool last = i == stages - 1;
            list.Add(new SwinStage(dim, resolution, config.StageDepths[i], config.StageHeads[i], config.WindowSize, config.MlpRatio, downsampleAtEnd: !last));
            if (!last) { dim *= 2; resolution /= 2; }
        }
        layers = nn.ModuleList(list.ToArray());
        norm = nn.LayerNorm(dim);
        _width = dim;
        _tokens = 1 + resolution * resolution;
        RegisterComponents();
        // Original init: trunc-normal(0.02) linear weights, zero biases; LayerNorm 1/0.
        foreach (var (_, m) in named_modules())
            if (m is Linear linear)
            {
                Init.TruncatedNormal(linear.weight!, 0.02);
                if (linear.bias is not null) using (torch.no_grad()) nn.init.zeros_(linear.bias);
            }
    }

    /// <inheritdoc />
    public override int Width => _width;

    /// <inheritdoc />
    public override int TokenCount => _tokens;

    /// <inheritdoc />
    public override Tensor ForwardTokens(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var x = patch_embed.Forward(pixels);
        foreach (var stage in layers) x = stage.Forward(x);
        x = norm.call(x);
        var pooled = x.mean([1L], keepdim: true);
        return torch.cat([pooled, x], 1).MoveToOuterDisposeScope();
    }
}
