using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Text;

/// <summary>A text backbone: token ids + mask → token states, and a pooled (optionally projected) caption feature.</summary>
public abstract class TextTrunk : nn.Module
{
    /// <summary>Base constructor.</summary>
    protected TextTrunk(string name) : base(name) { }

    /// <summary>Width W of the token states.</summary>
    public abstract int Width { get; }

    /// <summary>ids int64 [B,L], mask [B,L] (nonzero = token, 0 = padding; null = no padding) → [B,L,W].</summary>
    public abstract Tensor ForwardTokens(Tensor tokenIds, Tensor? attentionMask);

    /// <summary>Pooled caption feature, projected by <c>text_projection</c> when the trunk has one: [B,W] or [B,D].</summary>
    public abstract Tensor ForwardPooled(Tensor tokenIds, Tensor? attentionMask);

    /// <summary>Bool [B,L], true = padding; null when there is no mask.</summary>
    internal static Tensor? PaddingMask(Tensor? attentionMask) => attentionMask?.eq(0);

    /// <summary>Position of the token that represents each caption, [B] int64.</summary>
    internal static Tensor PoolIndex(Configs.TextPooling pooling, Tensor tokenIds, Tensor? attentionMask) => pooling switch
    {
        // CLIP: end-of-text has the largest id; argmax takes its (first) position. Padding id 0 never wins.
        Configs.TextPooling.EotArgmax => tokenIds.argmax(-1),
        Configs.TextPooling.EotMask => attentionMask is null
            ? torch.full(tokenIds.shape[0], tokenIds.shape[1] - 1, dtype: ScalarType.Int64, device: tokenIds.device)
            : attentionMask.ne(0).to_type(ScalarType.Int64).sum(-1).sub(1).clamp_min(0),
        _ => torch.zeros(tokenIds.shape[0], dtype: ScalarType.Int64, device: tokenIds.device),
    };

    /// <summary>Selects one position per row: states [B,L,W], index [B] → [B,W].</summary>
    internal static Tensor Gather(Tensor states, Tensor index) =>
        states.gather(1, index.view(-1, 1, 1).expand(-1, 1, states.shape[2])).squeeze(1);
}
