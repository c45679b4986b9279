using PriorClip.MLNet.Modeling.Vision.ClipResNet;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// CLIP's <see cref="ModifiedResNet"/>: the three-convolution stem with its average pool, the anti-aliased bottleneck
/// stages (<see cref="ResNetEmitter.Stages"/>) and the <see cref="AttentionPool2d"/> whose query is the grid's mean
/// token; and the bilinear resize a scene-classifier prior applies before it.
/// </summary>
internal static class ClipResNetEmitter
{
    /// <summary>The layer4 map [B,C,S/32,S/32], as <see cref="ModifiedResNet.ForwardGrid"/>.</summary>
    public static string Grid(OnnxGraph g, ModifiedResNet resnet, string pixels, string name)
    {
        var x = ResNetEmitter.ConvBnRelu(g, resnet, pixels, "conv1", "bn1", name);
        x = ResNetEmitter.ConvBnRelu(g, resnet, x, "conv2", "bn2", name);
        x = ResNetEmitter.ConvBnRelu(g, resnet, x, "conv3", "bn3", name);
        x = g.AveragePool(x, Child<AvgPool2d>(resnet, "avgpool"), $"{name}.avgpool");
        return ResNetEmitter.Stages(g, resnet, x, name);
    }

    /// <summary><see cref="ModifiedResNet.ForwardPooled"/>: the attention pool's [B,D], or the grid mean [B,C] without one.</summary>
    public static string Pooled(OnnxGraph g, ModifiedResNet resnet, string pixels, string name)
    {
        var grid = Grid(g, resnet, pixels, name);
        return OptionalChild(resnet, "attnpool") is AttentionPool2d pool
            ? AttentionPool(g, pool, grid, $"{name}.attnpool")
            : g.ReduceMean(grid, [2, 3], keepDims: false, $"{name}.pooled");
    }

    /// <summary>
    /// <c>interpolate(pixels, [size, size], bilinear, align_corners: false)</c> as ONNX Resize: "linear" with "half_pixel"
    /// coordinates is the same sampling (source <c>(d + ½)·in/out − ½</c>, clamped at the border). The output sizes are
    /// given rather than scales, as the module gives them, so the rounding of the output shape cannot differ.
    /// </summary>
    public static string Resize(OnnxGraph g, string pixels, long size, string name)
    {
        var leading = g.Slice(g.Op("Shape", $"{name}.shape", [pixels]), 0, 0, 2, $"{name}.batch_channels");
        var sizes = g.Concat(0, $"{name}.sizes", leading, g.Int64s([size, size], $"{name}.size"));
        return g.Op("Resize", name, [pixels, "", "", sizes],
            OnnxAttribute.Of("mode", "linear"), OnnxAttribute.Of("coordinate_transformation_mode", "half_pixel"));
    }

    /// <summary>
    /// Grid [B,C,h,w] → cells with their mean first, plus <c>positional_embedding</c>; one attention from the mean token
    /// (q scaled before the product, as the module does) over all 1+h·w tokens; heads merged; <c>c_proj</c> → [B,D].
    /// </summary>
    static string AttentionPool(OnnxGraph g, AttentionPool2d pool, string grid, string name)
    {
        var kProj = Child<Linear>(pool, "k_proj");
        long c = kProj.weight!.shape[1], h = pool.Heads, d = c / h;
        var tokens = VisionTrunkEmitter.GridToTokens(g, grid, name);
        var x = g.Op("Add", $"{name}.positioned", [tokens, g.Weight(Tensor(pool, "positional_embedding"), $"{name}.positional_embedding")]);
        var q = g.Linear(g.Slice(x, 1, 0, 1, $"{name}.query_token"), Child<Linear>(pool, "q_proj"), $"{name}.q_proj");
        q = g.Transpose(g.Reshape(q, [0, 1, h, d], $"{name}.q_heads"), [0, 2, 1, 3], $"{name}.q_t");
        var kT = g.Transpose(g.Reshape(g.Linear(x, kProj, $"{name}.k_proj"), [0, 0, h, d], $"{name}.k_heads"), [0, 2, 3, 1], $"{name}.k_t");
        var v = g.Transpose(g.Reshape(g.Linear(x, Child<Linear>(pool, "v_proj"), $"{name}.v_proj"), [0, 0, h, d], $"{name}.v_heads"), [0, 2, 1, 3], $"{name}.v_t");
        var scaled = g.Op("Mul", $"{name}.q_scaled", [q, g.Scalar((float)(1.0 / Math.Sqrt(d)), $"{name}.scale")]);
        var weights = g.Op("Softmax", $"{name}.softmax", [g.Op("MatMul", $"{name}.logits", [scaled, kT])], OnnxAttribute.Of("axis", -1L));
        var context = g.Transpose(g.Op("MatMul", $"{name}.context", [weights, v]), [0, 2, 1, 3], $"{name}.context_t");
        return g.Linear(g.Reshape(context, [0, c], $"{name}.pooled"), Child<Linear>(pool, "c_proj"), $"{name}.c_proj");
    }
}
