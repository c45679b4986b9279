using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Layers;
using PriorClip.MLNet.Modeling.Pae;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Transformer = PriorClip.MLNet.Modeling.Layers.Transformer;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// CLIP-layout vision transformer (open_clip <c>VisionTransformer</c> names: <c>conv1, class_embedding,
/// positional_embedding, ln_pre, transformer.resblocks.*, ln_post, proj</c>).
/// </summary>
public sealed class VisionTransformer : VisionTrunk, IPooledVisionTrunk
{
#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly Parameter class_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_pre;
    private readonly Transformer transformer;
    private readonly LayerNorm ln_post;
    private readonly Parameter? proj;
#pragma warning restore IDE1006
    private readonly int _width;
    private readonly int _tokens;

    /// <summary>Creates the ViT; <paramref name="outputDim"/> null = no <c>proj</c> (tokens only).</summary>
    public VisionTransformer(VisionConfig config, int? outputDim) : base(nameof(VisionTransformer))
    {
        int w = config.Width, grid = config.ImageSize / config.PatchSize;
        _width = w;
        _tokens = 1 + grid * grid;
        double scale = Math.Pow(w, -0.5);
        conv1 = nn.Conv2d(3, w, config.PatchSize, stride: config.PatchSize, bias: false);
        class_embedding = new Parameter(torch.randn(w).mul(scale));
        positional_embedding = new Parameter(torch.randn(_tokens, w).mul(scale));
        ln_pre = nn.LayerNorm(w);
        transformer = new Transformer(w, config.Layers, config.Heads, config.MlpRatio, config.Activation);
        ln_post = nn.LayerNorm(w);
        if (outputDim is int d) proj = new Parameter(torch.randn(w, d).mul(scale));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int Width => _width;

    /// <inheritdoc />
    public override int TokenCount => _tokens;

    /// <summary>X = ln_pre(CLS + patches + positions): [B, 1+N, W].</summary>
    public Tensor Embed(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        long b = pixels.shape[0];
        var x = conv1.call(pixels).flatten(2).transpose(1, 2);                // [B,N,W]
        var cls = class_embedding.view(1, 1, _width).expand(b, 1, _width);
        x = torch.cat([cls, x], 1).add(positional_embedding);
        return ln_pre.call(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor ForwardTokens(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        return ln_post.call(transformer.Forward(Embed(pixels))).MoveToOuterDisposeScope();
    }

    /// <summary>Standard CLIP image feature: <c>ln_post(Z[0]) · proj</c> → [B,D] (not normalised).</summary>
    public Tensor ForwardPooled(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var z = transformer.Forward(Embed(pixels));
        return Project(z).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Open-domain soft belief forward (docs/method.md §4): X' = soft-belief(X, y); the transformer runs on
    /// <c>[y; X']</c> and the output is <c>ln_post(Z[0]) · proj</c> at the instruction position. Like the
    /// reference, the instruction token gets no position embedding (it is a prior, not a patch).
    /// </summary>
    /// <param name="pixels">[B,3,H,W].</param>
    /// <param name="instructionToken">y [B,W], already projected to the ViT width.</param>
    /// <param name="normalization">Soft-belief normalisation axis.</param>
    /// <param name="rankWeight">Rank-weight indexing.</param>
    public Tensor ForwardSoftBelief(Tensor pixels, Tensor instructionToken, SoftBeliefNormalization normalization, RankWeightIndex rankWeight)
    {
        using var scope = torch.NewDisposeScope();
        var x = Embed(pixels);
        var xPrime = Belief.ApplySoft(x, instructionToken, normalization, rankWeight);
        var z = transformer.Forward(torch.cat([instructionToken.unsqueeze(1), xPrime], 1));
        return Project(z).MoveToOuterDisposeScope();
    }

    private Tensor Project(Tensor z)
    {
        var first = ln_post.call(z.select(1, 0));
        if (proj is null) return first;
        FlopCounter.Add(first.shape[0] * proj.shape[0] * proj.shape[1]);
        return torch.matmul(first, proj);
    }
}
