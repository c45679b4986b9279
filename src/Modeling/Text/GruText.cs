using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Text;

/// <summary>
/// Bidirectional GRU text trunk (the recurrent encoders of earlier RS retrieval work, e.g. GaLR): token states are
/// the mean of a forward GRU (<c>gru</c>) and a backward GRU (<c>gru_reverse</c>). The backward pass runs on each
/// caption reversed within its own length, so padding never reaches a real token: padded and unpadded captions
/// give the same states, without packed sequences.
/// </summary>
public sealed class GruText : TextTrunk
{
#pragma warning disable IDE1006
    private readonly Embedding token_embedding;
    private readonly GRU gru;
    private readonly GRU gru_reverse;
    private readonly Parameter? text_projection;
#pragma warning restore IDE1006
    private readonly TextConfig _config;

    /// <summary>Creates the trunk (hidden size = <see cref="TextConfig.Width"/>, <see cref="TextConfig.Layers"/> layers).</summary>
    public GruText(TextConfig config, int? outputDim) : base(nameof(GruText))
    {
        _config = config;
        token_embedding = nn.Embedding(config.VocabSize, config.Width);
        gru = nn.GRU(config.Width, config.Width, numLayers: config.Layers, batchFirst: true);
        gru_reverse = nn.GRU(config.Width, config.Width, numLayers: config.Layers, batchFirst: true);
        if (outputDim is int d) text_projection = new Parameter(torch.empty(config.Width, d));
        using (torch.no_grad())
        {
            nn.init.normal_(token_embedding.weight!, std: 0.02);
            if (text_projection is not null) nn.init.normal_(text_projection, std: Math.Pow(config.Width, -0.5));
        }
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int Width => _config.Width;

    /// <inheritdoc />
    public override Tensor ForwardTokens(Tensor tokenIds, Tensor? attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        long b = tokenIds.shape[0], l = tokenIds.shape[1];
        var x = token_embedding.call(tokenIds);
        var (forward, _) = gru.call(x, null);
        // Per-row reversal within the caption: position i ↔ len−1−i for i < len; padding positions stay put.
        var lengths = attentionMask is null
            ? torch.full(b, l, dtype: ScalarType.Int64, device: tokenIds.device)
            : attentionMask.ne(0).to_type(ScalarType.Int64).sum(-1);
        var positions = torch.arange(l, dtype: ScalarType.Int64, device: tokenIds.device).unsqueeze(0).expand(b, l);
        var reversedIndex = torch.where(positions.lt(lengths.unsqueeze(1)), lengths.unsqueeze(1).sub(1).sub(positions), positions);
        var gatherIndex = reversedIndex.unsqueeze(-1).expand(b, l, x.shape[2]);
        var (backwardReversed, _) = gru_reverse.call(x.gather(1, gatherIndex), null);
        var backward = backwardReversed.gather(1, gatherIndex); // the reversal is its own inverse
        long h = _config.Width;
        FlopCounter.Add(2 * b * l * _config.Layers * 3 * (2 * h * h)); // 3 gates × (input + hidden) matrices, both directions
        return forward.add(backward).mul(0.5).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor ForwardPooled(Tensor tokenIds, Tensor? attentionMask)
    {
        using var scope = torch.NewDisposeScope();
        var pooled = Gather(ForwardTokens(tokenIds, attentionMask), PoolIndex(_config.Pooling, tokenIds, attentionMask));
        if (text_projection is not null) pooled = torch.matmul(pooled, text_projection);
        return pooled.MoveToOuterDisposeScope();
    }
}
