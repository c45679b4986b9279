using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision.ClipResNet;

/// <summary>
/// CLIP's modified ResNet (RN50, RN101, RN50x4 …) with OpenAI's parameter names: a three-convolution stem
/// (<c>conv1..3</c>, <c>bn1..3</c>) with average pooling instead of max pooling, anti-aliased bottleneck stages
/// <c>layer1..4</c> (<see cref="Bottleneck"/> with <c>antiAliased</c>), and, when an output width is given, attention pooling (<c>attnpool</c>) to it.
/// Tokens (for the PAE heads) are the last grid with its mean first; the pooled feature is the attention pool's.
/// </summary>
public sealed class ModifiedResNet : VisionTrunk, IPooledVisionTrunk
{
#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly AvgPool2d avgpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AttentionPool2d? attnpool;
#pragma warning restore IDE1006
    private readonly int _width;
    private readonly int _tokens;

    /// <summary>
    /// The trunk for <paramref name="imageSize"/> px input (a multiple of 32). <paramref name="width"/> is the stem
    /// width (RN50: 64); the last stage has width·32 channels, pooled by <paramref name="heads"/> heads (CLIP: width·32/64).
    /// </summary>
    public ModifiedResNet(int[] stageDepths, int width, int imageSize, int heads, int? outputDim) : base(nameof(ModifiedResNet))
    {
        conv1 = nn.Conv2d(3, width / 2, 3, stride: 2, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width / 2);
        conv2 = nn.Conv2d(width / 2, width / 2, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(width / 2);
        conv3 = nn.Conv2d(width / 2, width, 3, padding: 1, bias: false);
        bn3 = nn.BatchNorm2d(width);
        avgpool = nn.AvgPool2d(2);
        int inChannels = width;
        layer1 = Bottleneck.Stage(ref inChannels, width, stageDepths[0], 1, antiAliased: true);
        layer2 = Bottleneck.Stage(ref inChannels, width * 2, stageDepths[1], 2, antiAliased: true);
        layer3 = Bottleneck.Stage(ref inChannels, width * 4, stageDepths[2], 2, antiAliased: true);
        layer4 = Bottleneck.Stage(ref inChannels, width * 8, stageDepths[3], 2, antiAliased: true);
        _width = inChannels;
        int grid = imageSize / 32;
        _tokens = 1 + grid * grid;
        if (outputDim is int d) attnpool = new AttentionPool2d(grid, inChannels, heads, d);
        RegisterComponents();
    }

    /// <summary>Channels of the last stage (width·32).</summary>
    public override int Width => _width;

    /// <summary>1 + grid².</summary>
    public override int TokenCount => _tokens;

    /// <summary>Width of <see cref="ForwardPooled"/>: the attention pool's output, else <see cref="Width"/>.</summary>
    public int PooledWidth => attnpool is null ? _width : (int)attnpool.OutputDim;

    /// <summary>Last feature map [B, width·32, S/32, S/32].</summary>
    public Tensor ForwardGrid(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var x = bn1.call(conv1.call(pixels)).relu();
        x = bn2.call(conv2.call(x)).relu();
        x = avgpool.call(bn3.call(conv3.call(x)).relu());
        return layer4.call(layer3.call(layer2.call(layer1.call(x)))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor ForwardTokens(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        return GridToTokens(ForwardGrid(pixels)).MoveToOuterDisposeScope();
    }

    /// <summary>The attention-pooled feature [B, <see cref="PooledWidth"/>] (the grid mean when built without a pool).</summary>
    public Tensor ForwardPooled(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var grid = ForwardGrid(pixels);
        var pooled = attnpool is null ? grid.mean([2L, 3L]) : attnpool.call(grid);
        return pooled.MoveToOuterDisposeScope();
    }
}
