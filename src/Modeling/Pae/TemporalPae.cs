using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Pae;

/// <summary>
/// Temporal-PAE (docs/method.md §3): for l = 1..n_t, <c>S_l = self_blocks[l](T_{l-1})</c>,
/// <c>T_l = cross_blocks[l](query = step_maps[l](T_{l-1}), S_l)</c> — the previous step activates the current
/// one (cyclic activation); output <c>L2norm(T0[0] + head(T_{n_t}[0]))</c>. Padding is masked in every
/// attention (the reference does not mask).
/// </summary>
public sealed class TemporalPae : nn.Module
{
#pragma warning disable IDE1006
    private readonly ModuleList<PaeAttentionBlock> self_blocks;
    private readonly ModuleList<Linear> step_maps;
    private readonly ModuleList<PaeAttentionBlock> cross_blocks;
    private readonly Linear head;
#pragma warning restore IDE1006

    /// <summary>Creates the module with <paramref name="steps"/> = n_t cyclic steps.</summary>
    public TemporalPae(int width, int steps, int heads, double dropout) : base(nameof(TemporalPae))
    {
        self_blocks = nn.ModuleList(Enumerable.Range(0, steps).Select(_ => new PaeAttentionBlock(width, heads, dropout)).ToArray());
        step_maps = nn.ModuleList(Enumerable.Range(0, steps).Select(_ => nn.Linear(width, width)).ToArray());
        cross_blocks = nn.ModuleList(Enumerable.Range(0, steps).Select(_ => new PaeAttentionBlock(width, heads, dropout)).ToArray());
        head = nn.Linear(width, width);
        RegisterComponents();
    }

    /// <summary>T0 [B,L,d], key padding mask [B,L] (true = pad) or null → L2-normalised [B,d].</summary>
    public Tensor Forward(Tensor tokens, Tensor? keyPaddingMask)
    {
        using var scope = torch.NewDisposeScope();
        var t = tokens;
        for (int l = 0; l < self_blocks.Count; l++)
        {
            var s = self_blocks[l].SelfAttention(t, keyPaddingMask);
            // Only position 0 of the last step is read: its query is step_maps(T[0]) alone.
            t = l + 1 < self_blocks.Count
                ? cross_blocks[l].CrossAttention(step_maps[l].call(t), s, keyPaddingMask)
                : cross_blocks[l].CrossAttentionFirst(step_maps[l].call(t.narrow(1, 0, 1)), s, keyPaddingMask);
        }
        var v = tokens.select(1, 0).add(head.call(t.select(1, 0)));
        return nn.functional.normalize(v, p: 2, dim: -1).MoveToOuterDisposeScope();
    }
}
