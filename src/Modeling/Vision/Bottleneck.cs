using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>torchvision ResNet v1.5 bottleneck (stride on <c>conv2</c>), parameter names as torchvision.</summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Channel expansion of the last 1×1 convolution.</summary>
    public const int Expansion = 4;

#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006

    /// <summary>Creates a bottleneck block.</summary>
    public Bottleneck(int inChannels, int planes, int stride) : base(nameof(Bottleneck))
    {
        int outChannels = planes * Expansion;
        conv1 = nn.Conv2d(inChannels, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, outChannels, 1, bias: false);
        bn3 = nn.BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
            downsample = nn.Sequential(("0", nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("1", nn.BatchNorm2d(outChannels)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var y = bn1.call(conv1.call(x)).relu();
        y = bn2.call(conv2.call(y)).relu();
        y = bn3.call(conv3.call(y));
        var identity = downsample is null ? x : downsample.call(x);
        return y.add(identity).relu().MoveToOuterDisposeScope();
    }
}
