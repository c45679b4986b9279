using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Text;

/// <summary>Token ids + attention mask → L2-normalised caption embedding. The text tower is the field <c>trunk</c>.</summary>
public abstract class TextEncoder : nn.Module
{
    /// <summary>Base constructor.</summary>
    protected TextEncoder(string name) : base(name) { }

    /// <summary>Token ids int64 [B,L]; mask [B,L] (nonzero = token, 0 = padding) or null → [B,D], unit rows.</summary>
    public abstract Tensor Encode(Tensor tokenIds, Tensor? attentionMask);
}
