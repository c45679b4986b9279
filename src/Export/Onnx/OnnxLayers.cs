using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Export.Onnx;

/// <summary>
/// Emitters for the primitive layers (one ONNX node or a few per TorchSharp layer), each written to compute what the
/// TorchSharp layer computes in the same order of operations, so exported graphs match to float rounding.
/// </summary>
internal static class OnnxLayers
{
    /// <summary><c>x · Wᵀ + b</c> over the last axis (a MatMul with the transposed weight stored, then Add).</summary>
    public static string Linear(this OnnxGraph g, string x, Linear linear, string name) =>
        g.Linear(x, linear.weight!, linear.bias, name);

    /// <summary><c>x · Wᵀ + b</c> for a weight [out,in] and optional bias [out].</summary>
    public static string Linear(this OnnxGraph g, string x, Tensor weight, Tensor? bias, string name)
    {
        using var transposed = weight.t();
        var y = g.Op("MatMul", name, [x, g.Weight(transposed, $"{name}.weight_t")]);
        return bias is null ? y : g.Op("Add", $"{name}.out", [y, g.Weight(bias, $"{name}.bias")]);
    }

    /// <summary>x · P for a projection matrix P [in,out] (CLIP's <c>text_projection</c>, <c>proj</c>).</summary>
    public static string Project(this OnnxGraph g, string x, Tensor projection, string name) =>
        g.Op("MatMul", name, [x, g.Weight(projection, $"{name}.weight")]);

    /// <summary>LayerNormalization over the last axis with the layer's ε.</summary>
    public static string LayerNorm(this OnnxGraph g, string x, LayerNorm norm, string name)
    {
        if (norm.weight is null || norm.bias is null)
            throw new NotSupportedException($"ONNX export: LayerNorm '{name}' has no affine weight and bias; only affine LayerNorm is supported.");
        if (norm.normalized_shape.Length != 1)
            throw new NotSupportedException($"ONNX export: LayerNorm '{name}' normalises over {norm.normalized_shape.Length} axes; only the last axis is supported.");
        return g.Op("LayerNormalization", name, [x, g.Weight(norm.weight!, $"{name}.weight"), g.Weight(norm.bias!, $"{name}.bias")],
            OnnxAttribute.Of("axis", -1L), OnnxAttribute.Of("epsilon", (float)norm.eps));
    }

    /// <summary>2-D convolution with the layer's stride, padding, dilation and groups.</summary>
    public static string Conv(this OnnxGraph g, string x, Conv2d conv, string name)
    {
        if (conv.padding_type is not null || conv.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw new NotSupportedException($"ONNX export: Conv2d '{name}' uses padding mode {conv.padding_mode}/{conv.padding_type}; only explicit zero padding is supported.");
        var inputs = new List<string> { x, g.Weight(conv.weight!, $"{name}.weight") };
        if (conv.bias is not null) inputs.Add(g.Weight(conv.bias, $"{name}.bias"));
        var padding = conv.padding ?? [0, 0];
        long[] pads = [padding[0], padding[1], padding[0], padding[1]];
        return g.Op("Conv", name, [.. inputs],
            OnnxAttribute.List("kernel_shape", conv.kernel_size), OnnxAttribute.List("strides", conv.stride),
            OnnxAttribute.List("pads", pads), OnnxAttribute.List("dilations", conv.dilation), OnnxAttribute.Of("group", conv.groups));
    }

    /// <summary>BatchNorm2d in evaluation mode (running statistics).</summary>
    public static string BatchNorm(this OnnxGraph g, string x, BatchNorm2d bn, string name) =>
        g.Op("BatchNormalization", name,
            [x, g.Weight(bn.weight!, $"{name}.weight"), g.Weight(bn.bias!, $"{name}.bias"),
             g.Weight(bn.running_mean!, $"{name}.running_mean"), g.Weight(bn.running_var!, $"{name}.running_var")],
            OnnxAttribute.Of("epsilon", (float)bn.eps));

    /// <summary>MaxPool2d (ONNX pads max pooling with −∞, so padding never wins, as in PyTorch).</summary>
    public static string MaxPool(this OnnxGraph g, string x, MaxPool2d pool, string name)
    {
        var padding = pool.padding ?? [0, 0];
        return g.Op("MaxPool", name, [x],
            OnnxAttribute.List("kernel_shape", pool.kernel_size), OnnxAttribute.List("strides", pool.stride ?? pool.kernel_size),
            OnnxAttribute.List("pads", padding[0], padding[1], padding[0], padding[1]), OnnxAttribute.List("dilations", pool.dilation ?? [1, 1]),
            OnnxAttribute.Of("ceil_mode", pool.ceil_mode ? 1L : 0L));
    }

    /// <summary>AvgPool2d (zero padding counted or not as the layer says; a divisor override has no ONNX attribute).</summary>
    public static string AveragePool(this OnnxGraph g, string x, AvgPool2d pool, string name)
    {
        if (pool.divisor_override is not null)
            throw new NotSupportedException($"ONNX export: AvgPool2d '{name}' overrides its divisor, which ONNX AveragePool cannot express.");
        var padding = pool.padding ?? [0, 0];
        return g.Op("AveragePool", name, [x],
            OnnxAttribute.List("kernel_shape", pool.kernel_size), OnnxAttribute.List("strides", pool.stride ?? pool.kernel_size),
            OnnxAttribute.List("pads", padding[0], padding[1], padding[0], padding[1]),
            OnnxAttribute.Of("ceil_mode", pool.ceil_mode ? 1L : 0L), OnnxAttribute.Of("count_include_pad", pool.count_include_pad ? 1L : 0L));
    }

    /// <summary>A Sequential's layers in order (convolutions, BatchNorm, pools, activations), each under its own name.</summary>
    public static string Sequential(this OnnxGraph g, string x, TorchSharp.torch.nn.Module sequential, string name)
    {
        foreach (var (layerName, layer) in sequential.named_children())
        {
            var path = $"{name}.{layerName}";
            x = layer switch
            {
                Conv2d conv => g.Conv(x, conv, path),
                BatchNorm2d bn => g.BatchNorm(x, bn, path),
                AvgPool2d pool => g.AveragePool(x, pool, path),
                MaxPool2d pool => g.MaxPool(x, pool, path),
                _ => g.Activation(x, layer, path),
            };
        }
        return x;
    }

    /// <summary>Exact GELU, <c>x · ½ · (1 + erf(x / √2))</c>, as PyTorch's default (opset 17 has no Gelu).</summary>
    public static string Gelu(this OnnxGraph g, string x, string name)
    {
        var scaled = g.Op("Div", $"{name}.scaled", [x, g.Scalar(MathF.Sqrt(2f), $"{name}.sqrt2")]);
        var erf = g.Op("Erf", $"{name}.erf", [scaled]);
        var onePlus = g.Op("Add", $"{name}.one_plus", [erf, g.Scalar(1f, $"{name}.one")]);
        var times = g.Op("Mul", $"{name}.times_x", [x, onePlus]);
        return g.Op("Mul", name, [times, g.Scalar(0.5f, $"{name}.half")]);
    }

    /// <summary>OpenAI CLIP's QuickGELU, <c>x · sigmoid(1.702 · x)</c>.</summary>
    public static string QuickGelu(this OnnxGraph g, string x, string name)
    {
        var scaled = g.Op("Mul", $"{name}.scaled", [x, g.Scalar(1.702f, $"{name}.k")]);
        return g.Op("Mul", name, [x, g.Op("Sigmoid", $"{name}.sigmoid", [scaled])]);
    }

    /// <summary>The activation module's function (GELU, QuickGELU or ReLU).</summary>
    public static string Activation(this OnnxGraph g, string x, TorchSharp.torch.nn.Module activation, string name) => activation switch
    {
        GELU => g.Gelu(x, name),
        Modeling.Layers.QuickGelu => g.QuickGelu(x, name),
        ReLU => g.Op("Relu", name, [x]),
        _ => throw new NotSupportedException($"ONNX export: no emitter for the activation {activation.GetType().Name} at '{name}'."),
    };

    /// <summary><c>x / max(‖x‖₂, 1e-12)</c> over the last axis, as <c>F.normalize</c>.</summary>
    public static string L2Normalize(this OnnxGraph g, string x, string name)
    {
        var norm = g.Op("ReduceL2", $"{name}.norm", [x], OnnxAttribute.List("axes", -1L), OnnxAttribute.Of("keepdims", 1L));
        var clamped = g.Op("Max", $"{name}.clamped", [norm, g.Scalar(1e-12f, $"{name}.eps")]);
        return g.Op("Div", name, [x, clamped]);
    }

    /// <summary>Reshape to a constant shape (0 = keep that input dim, −1 = infer).</summary>
    public static string Reshape(this OnnxGraph g, string x, long[] shape, string name) =>
        g.Op("Reshape", name, [x, g.Int64s(shape, $"{name}.shape")]);

    /// <summary>Transpose with a permutation.</summary>
    public static string Transpose(this OnnxGraph g, string x, long[] perm, string name) =>
        g.Op("Transpose", name, [x], OnnxAttribute.List("perm", perm));

    /// <summary>Unsqueeze at the given axes.</summary>
    public static string Unsqueeze(this OnnxGraph g, string x, long[] axes, string name) =>
        g.Op("Unsqueeze", name, [x, g.Int64s(axes, $"{name}.axes")]);

    /// <summary>Squeeze the given axes.</summary>
    public static string Squeeze(this OnnxGraph g, string x, long[] axes, string name) =>
        g.Op("Squeeze", name, [x, g.Int64s(axes, $"{name}.axes")]);

    /// <summary><c>x[..., start:end, ...]</c> on one axis (constant bounds).</summary>
    public static string Slice(this OnnxGraph g, string x, long axis, long start, long end, string name) =>
        g.Op("Slice", name, [x, g.Int64s([start], $"{name}.start"), g.Int64s([end], $"{name}.end"), g.Int64s([axis], $"{name}.axis")]);

    /// <summary><c>x[..., start::step, ...]</c> on several axes at once (constant bounds; an end past the axis is clamped).</summary>
    public static string Slice(this OnnxGraph g, string x, long[] axes, long[] starts, long[] ends, long[] steps, string name) =>
        g.Op("Slice", name, [x, g.Int64s(starts, $"{name}.start"), g.Int64s(ends, $"{name}.end"), g.Int64s(axes, $"{name}.axes"), g.Int64s(steps, $"{name}.steps")]);

    /// <summary><c>x.select(axis, index)</c>: Gather of one index, which drops the axis.</summary>
    public static string Select(this OnnxGraph g, string x, long axis, long index, string name) =>
        g.Op("Gather", name, [x, g.Int64s([index], $"{name}.index", dims: [])], OnnxAttribute.Of("axis", axis));

    /// <summary>Concatenation along an axis.</summary>
    public static string Concat(this OnnxGraph g, long axis, string name, params string[] parts) =>
        g.Op("Concat", name, parts, OnnxAttribute.Of("axis", axis));

    /// <summary>Mean over axes.</summary>
    public static string ReduceMean(this OnnxGraph g, string x, long[] axes, bool keepDims, string name) =>
        g.Op("ReduceMean", name, [x], OnnxAttribute.List("axes", axes), OnnxAttribute.Of("keepdims", keepDims ? 1L : 0L));
}
