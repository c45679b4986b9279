using PriorClip.MLNet.Modeling.Vision;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// The torchvision-layout <see cref="ResNet"/> (stem, max pool, <c>layer1..4</c>) and its <see cref="Bottleneck"/>
/// blocks, which CLIP's modified ResNet shares in their anti-aliased form (<see cref="ClipResNetEmitter"/>).
/// </summary>
internal static class ResNetEmitter
{
    /// <summary>The layer4 map [B,C,S/32,S/32]: <c>maxpool(relu(bn1(conv1(x))))</c>, then the four stages.</summary>
    public static string Grid(OnnxGraph g, ResNet resnet, string pixels, string name)
    {
        var x = ConvBnRelu(g, resnet, pixels, "conv1", "bn1", name);
        x = g.MaxPool(x, Child<MaxPool2d>(resnet, "maxpool"), $"{name}.maxpool");
        return Stages(g, resnet, x, name);
    }

    /// <summary><c>layer1..layer4</c> of either ResNet on the stem's output.</summary>
    public static string Stages(OnnxGraph g, TorchSharp.torch.nn.Module resnet, string x, string name)
    {
        for (int i = 1; i <= 4; i++)
        {
            var blocks = Items(Child<Sequential>(resnet, $"layer{i}"));
            for (int j = 0; j < blocks.Count; j++) x = Block(g, (Bottleneck)blocks[j], x, $"{name}.layer{i}.{j}");
        }
        return x;
    }

    /// <summary><c>relu(bn(conv(x)))</c> with the module's parts <paramref name="conv"/> and <paramref name="bn"/>.</summary>
    public static string ConvBnRelu(OnnxGraph g, TorchSharp.torch.nn.Module module, string x, string conv, string bn, string name)
    {
        var y = g.BatchNorm(g.Conv(x, Child<Conv2d>(module, conv), $"{name}.{conv}"), Child<BatchNorm2d>(module, bn), $"{name}.{bn}");
        return g.Op("Relu", $"{name}.{bn}.relu", [y]);
    }

    /// <summary>
    /// <c>relu(bn3(conv3(pool(relu(bn2(conv2(relu(bn1(conv1(x))))))))) + shortcut)</c>; the pool only in the anti-aliased
    /// form. The shortcut subsamples x by its stride (a strided Slice, as the module's <c>x[:, :, ::s, ::s]</c>) before
    /// <c>downsample</c>, whose layers (the anti-aliased form's average pool first) run in their Sequential order.
    /// </summary>
    static string Block(OnnxGraph g, Bottleneck block, string x, string name)
    {
        var y = ConvBnRelu(g, block, x, "conv1", "bn1", name);
        y = ConvBnRelu(g, block, y, "conv2", "bn2", name);
        if (OptionalChild(block, "avgpool") is AvgPool2d pool) y = g.AveragePool(y, pool, $"{name}.avgpool");
        y = g.BatchNorm(g.Conv(y, Child<Conv2d>(block, "conv3"), $"{name}.conv3"), Child<BatchNorm2d>(block, "bn3"), $"{name}.bn3");
        var identity = x;
        if (OptionalChild(block, "downsample") is { } downsample)
        {
            long s = block.ShortcutStride;
            var shortcut = s == 1 ? x : g.Slice(x, [2, 3], [0, 0], [long.MaxValue, long.MaxValue], [s, s], $"{name}.shortcut");
            identity = g.Sequential(shortcut, downsample, $"{name}.downsample");
        }
        return g.Op("Relu", $"{name}.out", [g.Op("Add", $"{name}.residual", [y, identity])]);
    }
}
