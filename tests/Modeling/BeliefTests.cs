using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Pae;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class BeliefTests
{
    [Fact]
    public void HardStrategyKeepsExactlyTheTopKTokensSortedByBelief()
    {
        var g = new torch.Generator(21);
        using var tokens = torch.randn([2, 10, 6], generator: g);
        using var u = torch.randn([2, 6], generator: g);
        var (selected, indices) = Belief.SelectTopK(tokens, u, 4);
        using (selected)
        using (indices)
        {
            Assert.Equal(new long[] { 2, 4, 6 }, selected.shape);
            var tv = tokens.data<float>().ToArray();
            var uv = u.data<float>().ToArray();
            for (int b = 0; b < 2; b++)
            {
                // Belief order computed independently: softmax is monotone, so rank by the raw dot products.
                var scores = Enumerable.Range(0, 10).Select(j => Enumerable.Range(0, 6).Sum(x => (double)tv[(b * 10 + j) * 6 + x] * uv[b * 6 + x])).ToArray();
                var expected = Enumerable.Range(0, 10).OrderByDescending(j => scores[j]).Take(4).Select(j => (long)j).ToArray();
                Assert.Equal(expected, indices[b].data<long>().ToArray());
                for (int r = 0; r < 4; r++)
                    Assert.True(selected[b, r].eq(tokens[b, expected[r]]).all().ToBoolean());
            }
        }
    }

    [Fact]
    public void BeliefsThatUnderflowToZeroStillRankTheirTokensByTheirLogits()
    {
        // Logits 1000, 0, -5, 3, -100: the softmax is [1, 0, 0, 0, 0] in float32, four tokens tied at an exact zero.
        // The kept tokens and their order must not depend on how a backend breaks those ties.
        using var tokens = torch.tensor(new float[] { 1000, 0, -5, 3, -100 }, [1, 5, 1]);
        using var u = torch.ones(1, 1);
        using var belief = Belief.Compute(tokens, u);
        Assert.Equal(4, belief.data<float>().ToArray().Count(v => v == 0));
        var (selected, indices) = Belief.SelectTopK(tokens, u, 3);
        using (selected)
        using (indices)
            Assert.Equal(new long[] { 0, 3, 1 }, indices.data<long>().ToArray());
    }

    [Fact]
    public void InstructionOrthogonalToAllTokensGivesUniformBelief()
    {
        // Tokens live in the first 3 dimensions; the instruction only in the last 2.
        var g = new torch.Generator(22);
        using var tokens = torch.cat([torch.randn([3, 7, 3], generator: g), torch.zeros(3, 7, 2)], 2);
        using var u = torch.cat([torch.zeros(3, 3), torch.randn([3, 2], generator: g)], 1);
        using var belief = Belief.Compute(tokens, u);
        Assert.All(belief.data<float>().ToArray(), b => Assert.Equal(1f / 7, b, 6));
    }

    [Fact]
    public void BeliefOfBatchOfOneKeepsItsBatchAxis()
    {
        using var tokens = torch.ones(1, 5, 4);
        using var u = torch.ones(1, 4);
        using var belief = Belief.Compute(tokens, u);
        Assert.Equal(new long[] { 1, 5 }, belief.shape);
    }

    [Fact]
    public void RanksAreTheInversePermutationOfTheBeliefOrder()
    {
        using var belief = torch.tensor(new float[] { 0.1f, 0.5f, 0.05f, 0.35f }, [1, 4]);
        using var ranks = Belief.Ranks(belief);
        Assert.Equal(new long[] { 2, 0, 3, 1 }, ranks.data<long>().ToArray());
    }

    [Theory]
    [InlineData(SoftBeliefNormalization.Features, RankWeightIndex.Rank)]
    [InlineData(SoftBeliefNormalization.Tokens, RankWeightIndex.Position)]
    [InlineData(SoftBeliefNormalization.Features, RankWeightIndex.Position)]
    public void SoftStrategyMatchesHandComputation(SoftBeliefNormalization normalization, RankWeightIndex rankWeight)
    {
        float[] x = [1, 0, 0, 2, 3, 1, -1, 1, 0.5f, 0.5f, 0, 1]; // 4 tokens × 3 features
        float[] y = [0.3f, -0.2f, 0.9f];
        using var tokens = torch.tensor(x, [1, 4, 3]);
        using var instruction = torch.tensor(y, [1, 3]);
        using var result = Belief.ApplySoft(tokens, instruction, normalization, rankWeight);

        var scores = Enumerable.Range(0, 4).Select(j => Enumerable.Range(0, 3).Sum(f => (double)x[j * 3 + f] * y[f])).ToArray();
        double z = scores.Sum(Math.Exp);
        var b = scores.Select(s => Math.Exp(s) / z).ToArray();
        var order = Enumerable.Range(0, 4).OrderByDescending(j => b[j]).ToArray();
        // Rank: token j stays at j with weight 1/sqrt(rank_j + 1). Position (reference): output slot i holds the
        // token with the i-th largest belief, weighted 1/sqrt(i + 1).
        var source = rankWeight == RankWeightIndex.Rank ? Enumerable.Range(0, 4).ToArray() : order;
        var w = new double[4];
        for (int i = 0; i < 4; i++)
            w[i] = 1 / Math.Sqrt((rankWeight == RankWeightIndex.Rank ? Array.IndexOf(order, i) : i) + 1);
        var weighted = new double[12];
        for (int i = 0; i < 4; i++) for (int f = 0; f < 3; f++) weighted[i * 3 + f] = x[source[i] * 3 + f] * (b[source[i]] + w[i]);
        var expected = new double[12];
        if (normalization == SoftBeliefNormalization.Features)
            for (int j = 0; j < 4; j++)
            {
                double n = Math.Sqrt(Enumerable.Range(0, 3).Sum(f => weighted[j * 3 + f] * weighted[j * 3 + f]));
                for (int f = 0; f < 3; f++) expected[j * 3 + f] = weighted[j * 3 + f] / n;
            }
        else
            for (int f = 0; f < 3; f++)
            {
                double n = Math.Sqrt(Enumerable.Range(0, 4).Sum(j => weighted[j * 3 + f] * weighted[j * 3 + f]));
                for (int j = 0; j < 4; j++) expected[j * 3 + f] = weighted[j * 3 + f] / n;
            }
        var actual = result.data<float>().ToArray();
        for (int i = 0; i < 12; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Theory]
    [InlineData(SoftBeliefNormalization.Features)]
    [InlineData(SoftBeliefNormalization.Tokens)]
    public void ReferenceRankWeightGivesTheSameEmbeddingAsOurs(SoftBeliefNormalization normalization)
    {
        // Position reorders the tokens by belief; nothing after the belief adds positions, so the instruction
        // token's output (the embedding) must not change.
        var config = TestConfigs.VitB32Shrunk();
        config = config with { ImageHead = config.ImageHead with { Normalization = normalization } };
        using var ours = PriorClip.MLNet.Modeling.PriorClipModelFactory.Create(config, seed: 3);
        using var reference = PriorClip.MLNet.Modeling.PriorClipModelFactory.Create(
            config with { ImageHead = config.ImageHead with { RankWeight = RankWeightIndex.Position } }, seed: 3);
        ours.eval();
        reference.eval();
        var g = new torch.Generator(5);
        using var pixels = torch.randn([3, 3, 32, 32], generator: g);
        using var instruction = torch.randn([3, config.Instruction.Width], generator: g);
        using var a = ours.EncodeImage(pixels, instruction);
        using var b = reference.EncodeImage(pixels, instruction);
        Assert.True(a.allclose(b, rtol: 0, atol: 1e-5), $"max difference {a.sub(b).abs().max().item<float>()}");
        using var tokens = torch.randn([3, 5, 32], generator: g);
        using var y = torch.randn([3, 32], generator: g);
        using var kept = Belief.ApplySoft(tokens, y, normalization, RankWeightIndex.Rank);
        using var sorted = Belief.ApplySoft(tokens, y, normalization, RankWeightIndex.Position);
        Assert.False(kept.allclose(sorted, rtol: 0, atol: 1e-5), "the two variants should differ in token order");
    }
}
