using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Transformer = PriorClip.MLNet.Modeling.Layers.Transformer;

namespace PriorClip.MLNet.Modeling.Text;

/// <summary>
/// CLIP-layout text transformer (open_clip <c>TextTransformer</c> names: <c>token_embedding,
/// positional_embedding, transformer.resblocks.*, ln_final, text_projection</c>), causal or bidirectional.
/// Unlike the reference code, padding tokens are masked out of attention (docs/method.md §8.1), so a caption gives
/// the same embedding whatever padding follows it.
/// </summary>
public sealed class TextTransformer : TextTrunk
{
#pragma warning disable IDE1006
    private readonly Embedding token_embedding;
    private readonly Parameter positional_embedding;
    private readonly Transformer transformer;
    private readonly LayerNorm ln_final;
    private readonly Parameter? text_projection;
#pragma warning restore IDE1006
    private readonly TextConfig _config;

    /// <summary>Creates the tower; <paramref name="outputDim"/> null = no <c>text_projection</c> (token states only).</summary>
    public TextTransformer(TextConfig config, int? outputDim) : base(nameof(TextTransformer))
    {
        _config = config;
        token_embedding = nn.Embedding(config.VocabSize, config.Width);
        positional_embedding = new Parameter(torch.empty(config.ContextLength, config.Width));
        transformer = new Transformer(config.Width, config.Layers, config.Heads, config.MlpRatio, config.Activation);
        ln_final = nn.LayerNorm(config.Width);
        if (outputDim is int d) text_projection = new Parameter(torch.empty(config.Width, d));
        // open_clip init: token std 0.02, positions std 0.01, projection std width^-0.5.
        using (torch.no_grad())
        {
            nn.init.normal_(token_embedding.weight!, std: 0.02);
            nn.init.normal_(positional_embedding, std: 0.01);
            if (text_projection is not null) nn.init.normal_(text_projection, std: Math.Pow(config.Width, -0.5));
        }
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int Width => _config.Width;

    /// <summary>
    /// Token states after <c>ln_final</c>: ids int64 [B,L], mask [B,L] (nonzero = token, 0 = padding; null =
    /// no padding) → [B,L,W]. L may be shorter than the context length.
    /// </summary>
    public override Tensor ForwardTokens(Tensor tokenIds, Tensor? attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        long l = tokenIds.shape[1];
        if (l > _config.ContextLength)
            throw new ArgumentException($"Sequence length {l} exceeds the context length {_config.ContextLength}.", nameof(tokenIds));
        var x = token_embedding.call(tokenIds).add(positional_embedding[..(int)l]);
        var padding = PaddingMask(attentionMask);
        Tensor? causal = _config.Causal
            ? torch.ones(l, l, dtype: ScalarType.Bool, device: tokenIds.device).triu(1)
            : null;
        x = transformer.Forward(x, padding, causal);
        return ln_final.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>Pooled caption feature (see <see cref="TextPooling"/>), projected by <c>text_projection</c> if present: [B,W] or [B,D].</summary>
    public override Tensor ForwardPooled(Tensor tokenIds, Tensor? attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        var states = ForwardTokens(tokenIds, attentionMask);
        var pooled = Gather(states, PoolIndex(_config.Pooling, tokenIds, attentionMask));
        if (text_projection is not null)
        {
            FlopCounter.Add(pooled.shape[0] * text_projection.shape[0] * text_projection.shape[1]);
            pooled = torch.matmul(pooled, text_projection);
        }
        return pooled.MoveToOuterDisposeScope();
    }
}
