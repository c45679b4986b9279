using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>Pixels (+ instruction) → L2-normalised image embedding. The vision trunk is the field <c>trunk</c>.</summary>
public abstract class ImageEncoder : nn.Module
{
    /// <summary>Base constructor.</summary>
    protected ImageEncoder(string name) : base(name) { }

    /// <summary>Instruction width P this encoder expects; 0 when it uses no instruction.</summary>
    public abstract int InstructionWidth { get; }

    /// <summary>The vision backbone.</summary>
    public abstract VisionTrunk Trunk { get; }

    /// <summary>Pixels [B,3,H,W], instruction [B,P] (null iff <see cref="InstructionWidth"/> is 0) → [B,D], unit rows.</summary>
    public abstract Tensor Encode(Tensor pixels, Tensor? instruction);
}
