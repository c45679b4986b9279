using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Pae;

/// <summary>
/// Spatial-PAE with the hard belief strategy (docs/method.md §2). Tokens V [B,N,d] (V_0 = pooled token) and
/// instruction u [B,d]: keep the top-k tokens by belief (sorted), then for l = 1..n_v
/// <c>S_l = self_blocks[l](F_{l-1})</c>, <c>F_l = cross_blocks[l](query = instruction_maps[l](u) broadcast, S_l)</c>;
/// output <c>L2norm(V_0 + head(F_{n_v}[0]))</c>.
/// </summary>
public sealed class SpatialPae : nn.Module
{
#pragma warning disable IDE1006
    private readonly ModuleList<PaeAttentionBlock> self_blocks;
    private readonly ModuleList<Linear> instruction_maps;
    private readonly ModuleList<PaeAttentionBlock> cross_blocks;
    private readonly Linear head;
#pragma warning restore IDE1006

    /// <summary>Tokens kept by the hard belief strategy.</summary>
    public int TopK { get; }

    /// <summary>Creates the module with <paramref name="layers"/> = n_v progressive layers of width <paramref name="width"/>.</summary>
    public SpatialPae(int width, int topK, int layers, int heads, double dropout) : base(nameof(SpatialPae))
    {
        TopK = topK;
        self_blocks = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new PaeAttentionBlock(width, heads, dropout)).ToArray());
        instruction_maps = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => nn.Linear(width, width)).ToArray());
        cross_blocks = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new PaeAttentionBlock(width, heads, dropout)).ToArray());
        head = nn.Linear(width, width);
        RegisterComponents();
    }

    /// <summary>V [B,N,d], u [B,d] → L2-normalised [B,d].</summary>
    public Tensor Forward(Tensor tokens, Tensor instruction)
    {
        using var scope = torch.NewDisposeScope();
        var (f, _) = Belief.SelectTopK(tokens, instruction, TopK);   // F_0 [B,k,d], row 0 = highest belief
        long k = f.shape[1];
        for (int l = 0; l < self_blocks.Count; l++)
        {
            var s = self_blocks[l].SelfAttention(f);
            var query = instruction_maps[l].call(instruction).unsqueeze(1).expand(-1, k, -1);
            // Only position 0 of the last layer is read.
            f = l + 1 < self_blocks.Count ? cross_blocks[l].CrossAttention(query, s) : cross_blocks[l].CrossAttentionFirst(query, s);
        }
        var v = tokens.select(1, 0).add(head.call(f.select(1, 0)));
        return nn.functional.normalize(v, p: 2, dim: -1).MoveToOuterDisposeScope();
    }
}
