using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Inference;

/// <summary>
/// Per-channel normalisation of 0–255 planar RGB pixels: <c>(x / 255 − mean) / std</c>.
/// ML.NET's <c>ExtractPixels</c> has no per-channel mean/std, so the model applies it; the values
/// are saved with the model.
/// </summary>
/// <param name="Mean">Per-channel mean on the 0–1 scale (R, G, B).</param>
/// <param name="Std">Per-channel standard deviation on the 0–1 scale (R, G, B).</param>
public sealed record PixelNormalization(float[] Mean, float[] Std)
{
    /// <summary>OpenAI CLIP's statistics, used by open_clip and PriorCLIP.</summary>
    public static PixelNormalization Clip { get; } = new(
        [0.48145466f, 0.4578275f, 0.40821073f],
        [0.26862954f, 0.26130258f, 0.27577711f]);

    /// <summary>Throws unless there are three positive standard deviations and three means.</summary>
    public void Validate()
    {
        if (Mean is not { Length: 3 } || Std is not { Length: 3 })
            throw new ArgumentException($"pixel normalisation needs 3 means and 3 standard deviations, got {Mean?.Length ?? 0} and {Std?.Length ?? 0}");
        if (Std.Any(s => !(s > 0)))
            throw new ArgumentException($"pixel normalisation standard deviations must be positive, got [{string.Join(", ", Std)}]");
    }

    /// <summary>Normalises a [B,3,H,W] tensor of 0–255 values (a new tensor, on its device).</summary>
    public Tensor Apply(Tensor pixels255)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(Mean, device: pixels255.device).view(1, 3, 1, 1);
        var std = tensor(Std, device: pixels255.device).view(1, 3, 1, 1);
        return ((pixels255 / 255f - mean) / std).MoveToOuterDisposeScope();
    }
}
