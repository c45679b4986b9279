using PriorClip.MLNet.Modeling.Pae;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class SpatialPaeTests
{
    [Fact]
    public void TokensOutsideTheTopKDoNotChangeTheOutput()
    {
        torch.manual_seed(31);
        using var pae = new SpatialPae(width: 8, topK: 3, layers: 2, heads: 2, dropout: 0.2);
        pae.eval();
        using var noGrad = torch.no_grad();
        var g = new torch.Generator(32);
        using var tokens = torch.randn([1, 7, 8], generator: g);
        using var u = torch.randn([1, 8], generator: g);
        var (_, kept) = Belief.SelectTopK(tokens, u, 3);
        var keptSet = kept.data<long>().ToHashSet();
        long dropped = Enumerable.Range(1, 6).Select(i => (long)i).First(i => !keptSet.Contains(i));

        // Push a dropped (non-pooled) token further away from the instruction: its belief only falls.
        using var perturbed = tokens.clone();
        perturbed[0, dropped] = tokens[0, dropped].sub(u[0].mul(3));
        using var a = pae.Forward(tokens, u);
        using var b = pae.Forward(perturbed, u);
        Assert.True(a.sub(b).abs().max().ToDouble() < 1e-6);

        // Whereas changing a kept token does change it.
        using var perturbedKept = tokens.clone();
        long keptToken = kept[0, 0].ToInt64();
        perturbedKept[0, keptToken] = tokens[0, keptToken].add(u[0].mul(0.5));
        using var c = pae.Forward(perturbedKept, u);
        Assert.True(a.sub(c).abs().max().ToDouble() > 1e-4);
        kept.Dispose();
    }
}
