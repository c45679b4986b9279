using PriorClip.MLNet.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

/// <summary>Deterministic synthetic inputs for a model.</summary>
internal static class TestBatches
{
    /// <summary>Random pixels [B,3,S,S] and, if the model needs one, an instruction [B,P].</summary>
    public static (Tensor Pixels, Tensor? Instruction) Images(PriorClipModel model, int batch, long seed)
    {
        var g = new torch.Generator((ulong)seed);
        var pixels = torch.randn([batch, 3, model.ImageSize, model.ImageSize], generator: g);
        Tensor? instruction = model.RequiresExternalInstruction ? torch.randn([batch, model.InstructionWidth], generator: g) : null;
        return (pixels, instruction);
    }

    /// <summary>
    /// Captions of different lengths (3..L tokens), padded with id 0 to <paramref name="length"/>: start id 1,
    /// content ids in [2, V-2], end id V-1 (the largest, as CLIP's end-of-text). Returns ids and mask.
    /// </summary>
    public static (Tensor Ids, Tensor Mask) Captions(PriorClipModel model, int batch, int length, long seed)
    {
        var rng = new Random((int)seed);
        int v = model.VocabSize;
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            int n = 3 + rng.Next(length - 2); // 3..length tokens
            for (int i = 0; i < n; i++)
            {
                ids[b * length + i] = i == 0 ? 1 : i == n - 1 ? v - 1 : 2 + rng.Next(v - 3);
                mask[b * length + i] = 1;
            }
        }
        return (torch.tensor(ids, [batch, length]), torch.tensor(mask, [batch, length]));
    }
}
