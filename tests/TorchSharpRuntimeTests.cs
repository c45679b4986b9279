using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests;

/// <summary>Proves the build output loads LibTorch (see build/LibStdCxxCompat.targets).</summary>
[Collection(LibTorchCollection.Name)]
public class TorchSharpRuntimeTests
{
    [Fact]
    public void ForwardAndBackwardRunOnCpu()
    {
        torch.manual_seed(7);
        using var linear = nn.Linear(4, 3);
        using var x = torch.tensor(new float[] { 1, 2, 3, 4, -1, 0, 1, 2 }, 2, 4);
        using var y = linear.forward(x);
        using var loss = y.pow(2).sum();
        loss.backward();

        var weightGrad = linear.weight!.grad!;
        // d(sum y^2)/dW = 2 * y^T x, computed here by hand from the forward output.
        var yv = y.data<float>().ToArray();
        var xv = x.data<float>().ToArray();
        var gv = weightGrad.data<float>().ToArray();
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 4; i++)
            {
                float expected = 2 * (yv[o] * xv[i] + yv[3 + o] * xv[4 + i]);
                Assert.Equal(expected, gv[o * 4 + i], 4);
            }
    }
}
