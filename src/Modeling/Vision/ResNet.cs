using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// torchvision bottleneck ResNet without the classifier (<c>conv1, bn1, layer1..layer4</c>), so a torchvision
/// <c>resnet50</c> state_dict (minus <c>fc.*</c>) maps 1:1. Token grid = layer4 output (7×7 at 224 px) with the
/// average-pooled feature as token 0; this stands in for PIR's Swin-T 7×7 + pooled tokens.
/// </summary>
public sealed class ResNet : VisionTrunk
{
#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
#pragma warning restore IDE1006
    private readonly int _width;
    private readonly int _tokens;

    /// <summary>Creates the ResNet; ResNet-50 = depths {3,4,6,3}, base width 64.</summary>
    public ResNet(int[] stageDepths, int baseWidth, int imageSize) : base(nameof(ResNet))
    {
        conv1 = nn.Conv2d(3, baseWidth, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(baseWidth);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        int inCh = baseWidth;
        layer1 = Bottleneck.Stage(ref inCh, baseWidth, stageDepths[0], 1);
        layer2 = Bottleneck.Stage(ref inCh, baseWidth * 2, stageDepths[1], 2);
        layer3 = Bottleneck.Stage(ref inCh, baseWidth * 4, stageDepths[2], 2);
        layer4 = Bottleneck.Stage(ref inCh, baseWidth * 8, stageDepths[3], 2);
        _width = inCh;
        int grid = imageSize / 32;
        _tokens = 1 + grid * grid;
        RegisterComponents();
        // torchvision init: kaiming-normal (fan_out) convolutions; BN weight 1, bias 0 (TorchSharp default).
        foreach (var (_, m) in named_modules())
            if (m is Conv2d conv)
                using (torch.no_grad()) nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
    }

    /// <inheritdoc />
    public override int Width => _width;

    /// <inheritdoc />
    public override int TokenCount => _tokens;

    /// <inheritdoc />
    public override Tensor ForwardTokens(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var x = maxpool.call(bn1.call(conv1.call(pixels)).relu());
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return GridToTokens(x).MoveToOuterDisposeScope();
    }
}
