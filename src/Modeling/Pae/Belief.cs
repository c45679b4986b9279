using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Pae;

/// <summary>Belief of each token given the instruction, and the hard / soft strategies built on it.</summary>
public static class Belief
{
    /// <summary><c>b_j = softmax_j(V_j · u)</c>: tokens [B,N,d], instruction [B,d] → belief [B,N] (plain dot product).</summary>
    public static Tensor Compute(Tensor tokens, Tensor instruction)
    {
        using var scope = torch.NewDisposeScope();
        return Scores(tokens, instruction).softmax(-1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The belief's logits <c>V_j · u</c> [B,N]. Tokens are ranked by these, not by the belief: softmax keeps the order,
    /// but a trained prior makes it so peaked that most beliefs underflow to exactly 0 (the demo model: 14 of 17 tokens),
    /// and which of those tied zeros a top-k keeps is then up to the backend (TorchSharp and ONNX Runtime choose
    /// differently, embeddings differed by 1e-2). The logits do not tie.
    /// </summary>
    public static Tensor Scores(Tensor tokens, Tensor instruction)
    {
        using var scope = torch.NewDisposeScope();
        return torch.matmul(tokens, instruction.unsqueeze(-1)).squeeze(-1).MoveToOuterDisposeScope(); // squeeze(-1) only: B = 1 stays [1,N]
    }

    /// <summary>
    /// Hard belief strategy (docs/method.md §2): keep the <paramref name="k"/> tokens of highest belief, sorted by
    /// belief descending (so row 0 is the highest-belief token).
    /// </summary>
    /// <returns>Selected tokens [B,k,d] and their indices [B,k] (int64) into the N tokens.</returns>
    public static (Tensor Selected, Tensor Indices) SelectTopK(Tensor tokens, Tensor instruction, int k)
    {
        using var scope = torch.NewDisposeScope();
        var (_, indices) = Scores(tokens, instruction).topk(k, dim: 1, largest: true, sorted: true);
        long d = tokens.shape[2];
        var selected = tokens.gather(1, indices.unsqueeze(-1).expand(-1, -1, d));
        return (selected.MoveToOuterDisposeScope(), indices.MoveToOuterDisposeScope());
    }

    /// <summary>Rank of each token by belief, 0 = highest: [B,N] belief (or its logits, same order) → [B,N] int64.</summary>
    public static Tensor Ranks(Tensor belief)
    {
        using var scope = torch.NewDisposeScope();
        var order = belief.argsort(dim: 1, descending: true); // order[r] = token with rank r
        var ranks = order.argsort(dim: 1);                    // inverse permutation: ranks[j] = rank of token j
        return ranks.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Soft belief strategy (docs/method.md §4): <c>X' = normalize(X ⊙ b + X ⊙ w)</c> with <c>w_j = 1/sqrt(rank_j + 1)</c>.
    /// </summary>
    /// <param name="tokens">X [B,N,W] (after ln_pre).</param>
    /// <param name="instruction">y [B,W].</param>
    /// <param name="normalization">Ours: over features (each token unit length). Reference code: over the token axis.</param>
    /// <param name="rankWeight">
    /// Ours (<see cref="RankWeightIndex.Rank"/>): tokens stay in place and token j gets 1/sqrt(rank_j + 1).
    /// Reference code (<see cref="RankWeightIndex.Position"/>): tokens are sorted by descending belief and the
    /// i-th of them gets 1/sqrt(i + 1), so the result comes back in belief order. The two differ only by that
    /// permutation; the transformer that follows adds no positions, so the pooled embedding is the same.
    /// </param>
    public static Tensor ApplySoft(Tensor tokens, Tensor instruction, SoftBeliefNormalization normalization, RankWeightIndex rankWeight)
    {
        using var scope = torch.NewDisposeScope();
        var scores = Scores(tokens, instruction);                        // [B,N]; ranks come from these (see Scores)
        var belief = scores.softmax(-1);
        long n = tokens.shape[1];
        if (rankWeight == RankWeightIndex.Position)
        {
            var order = scores.argsort(dim: 1, descending: true);           // order[i] = token with the i-th largest belief
            tokens = tokens.gather(1, order.unsqueeze(-1).expand(-1, -1, tokens.shape[2]));
            belief = belief.gather(1, order);
        }
        Tensor index = rankWeight == RankWeightIndex.Rank
            ? Ranks(scores)
            : torch.arange(n, dtype: ScalarType.Int64, device: tokens.device).unsqueeze(0).expand(tokens.shape[0], n);
        var w = index.to_type(tokens.dtype).add(1).rsqrt();              // [B,N]
        var weighted = tokens.mul(belief.unsqueeze(-1)).add(tokens.mul(w.unsqueeze(-1)));
        int dim = normalization == SoftBeliefNormalization.Features ? -1 : 1;
        return nn.functional.normalize(weighted, p: 2, dim: dim).MoveToOuterDisposeScope();
    }
}
