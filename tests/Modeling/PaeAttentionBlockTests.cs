using PriorClip.MLNet.Modeling.Pae;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class PaeAttentionBlockTests
{
    [Fact]
    public void AttendingAtTheFirstPositionGivesTheFullBlocksFirstRow()
    {
        torch.manual_seed(31);
        using var block = new PaeAttentionBlock(16, 4, 0.1);
        block.eval();
        using var query = torch.randn(3, 7, 16);
        using var s = torch.randn(3, 7, 16);
        using var padding = torch.tensor(new[] { false, false, false, false, false, true, true }).unsqueeze(0).expand(3, -1).contiguous();
        foreach (var mask in new[] { null, padding })
        {
            using var full = block.CrossAttention(query, s, mask);
            using var first = block.CrossAttentionFirst(query, s, mask);
            Assert.Equal([3L, 1, 16], first.shape);
            Assert.True(first.allclose(full.narrow(1, 0, 1), rtol: 1e-5, atol: 1e-6));
        }
    }
}
