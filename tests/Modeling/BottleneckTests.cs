using PriorClip.MLNet.Modeling.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

/// <summary>
/// The torchvision bottleneck's strided shortcut, built as subsample + unit-stride 1×1 convolution (see
/// <see cref="Bottleneck"/>): the same function as torchvision's strided 1×1 (its forward is checked against
/// PyTorch in PriorCheckpointTests), and a backward pass that LibTorch's oneDNN survives on AVX-512 CPUs.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class BottleneckTests
{
    // ResNet-50's last stage (1024 → 2048 channels, stride 2) at the feature-map sizes where the strided 1×1
    // convolution's backward died with SIGFPE (32 and 64 px inputs), with a batch of 12 as in the CLI test.
    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    public void LastResNet50StageTrainsBackwardsAtSmallFeatureMaps(int size, int expectedSize)
    {
        torch.manual_seed(3);
        int channels = 1024;
        using var stage = Bottleneck.Stage(ref channels, planes: 512, blocks: 1, stride: 2);
        stage.train();
        using var x = torch.randn(12, 1024, size, size).requires_grad_(true);
        using var y = stage.call(x);
        Assert.Equal(new long[] { 12, 2048, expectedSize, expectedSize }, y.shape);
        using var loss = y.square().mean();
        loss.backward();
        Assert.True(x.grad is not null && x.grad.isfinite().all().ToBoolean());
        Assert.True(x.grad!.abs().sum().ToDouble() > 0);
        foreach (var (name, p) in stage.named_parameters())
            Assert.True(p.grad is not null && p.grad.isfinite().all().ToBoolean(), $"{name} has no finite gradient");
    }

    // An odd feature map: torchvision's strided 1×1 keeps ceil(5 / 2) = 3 positions (0, 2, 4); so does the subsample.
    [Fact]
    public void StridedShortcutKeepsTorchvisionsOutputSizeOnOddMaps()
    {
        torch.manual_seed(4);
        using var block = new Bottleneck(16, 8, stride: 2);
        block.eval();
        using var x = torch.randn(2, 16, 5, 5);
        using var y = block.call(x);
        Assert.Equal(new long[] { 2, 32, 3, 3 }, y.shape);
    }
}
