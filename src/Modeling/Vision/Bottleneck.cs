using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// ResNet bottleneck with torchvision's / OpenAI's parameter names: torchvision v1.5 (stride on <c>conv2</c> and on the
/// shortcut's 1×1), or with <c>antiAliased</c> CLIP's modified form (average pooling by the stride after <c>conv2</c>
/// and before the shortcut's 1×1; the pools have no parameters, so the names stay the same).
/// </summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Channel expansion of the last 1×1 convolution.</summary>
    public const int Expansion = 4;

#pragma warning disable IDE1006
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly AvgPool2d? avgpool;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
#pragma warning restore IDE1006
    private readonly long _shortcutStride;

    /// <summary>Creates a bottleneck block.</summary>
    public Bottleneck(int inChannels, int planes, int stride, bool antiAliased = false) : base(nameof(Bottleneck))
    {
        int outChannels = planes * Expansion;
        conv1 = nn.Conv2d(inChannels, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        // torchvision strides the 3×3 convolution; CLIP average-pools after it (anti-aliasing) and in the shortcut.
        conv2 = nn.Conv2d(planes, planes, 3, stride: antiAliased ? 1 : stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (antiAliased && stride > 1) avgpool = nn.AvgPool2d(stride);
        conv3 = nn.Conv2d(planes, outChannels, 1, bias: false);
        bn3 = nn.BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
            downsample = antiAliased
                ? nn.Sequential(("-1", nn.AvgPool2d(stride)), ("0", nn.Conv2d(inChannels, outChannels, 1, bias: false)), ("1", nn.BatchNorm2d(outChannels)))
                : nn.Sequential(("0", nn.Conv2d(inChannels, outChannels, 1, bias: false)), ("1", nn.BatchNorm2d(outChannels)));
        // torchvision's shortcut is a 1×1 convolution with the stride. It is built here with stride 1 on the input
        // subsampled by the stride, which is the same function with the same weights: LibTorch 2.10's oneDNN divides by
        // zero (SIGFPE, the process dies) choosing a blocking for the backward pass of a strided 1×1 convolution over small
        // feature maps on AVX-512 CPUs (brgemm_convolution_bwd_utils, seen for 4×4→2×2 and 2×2→1×1 in ResNet-50's
        // last stage), while the unit-stride backward takes a path that does not.
        _shortcutStride = antiAliased ? 1 : stride;
        RegisterComponents();
    }

    /// <summary>Step with which the shortcut subsamples its input before <c>downsample</c> (1 when it pools instead), for the ONNX exporter.</summary>
    internal long ShortcutStride => _shortcutStride;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var y = bn1.call(conv1.call(x)).relu();
        y = bn2.call(conv2.call(y)).relu();
        if (avgpool is not null) y = avgpool.call(y);
        y = bn3.call(conv3.call(y));
        var shortcut = _shortcutStride == 1 ? x : x[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(step: _shortcutStride), TensorIndex.Slice(step: _shortcutStride)];
        var identity = downsample is null ? x : downsample.call(shortcut);
        return y.add(identity).relu().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One ResNet stage named "0", "1", …: <paramref name="blocks"/> bottlenecks, the first with
    /// <paramref name="stride"/>; <paramref name="inChannels"/> is advanced to the stage's output width.
    /// </summary>
    public static Sequential Stage(ref int inChannels, int planes, int blocks, int stride, bool antiAliased = false)
    {
        var list = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < blocks; i++)
        {
            list.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), new Bottleneck(inChannels, planes, i == 0 ? stride : 1, antiAliased)));
            inChannels = planes * Expansion;
        }
        return nn.Sequential(list);
    }
}
