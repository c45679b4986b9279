using PriorClip.MLNet.Modeling.Layers;
using PriorClip.MLNet.Modeling.Vision;
using PriorClip.MLNet.Modeling.Vision.ClipResNet;
using PriorClip.MLNet.Modeling.Vision.Swin;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;
using Transformer = PriorClip.MLNet.Modeling.Layers.Transformer;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// Vision trunks: the grid of <see cref="SmallCnn"/> and the tokens of every trunk ([B, 1+N, W], pooled or CLS token
/// first), as <see cref="VisionTrunk.ForwardTokens"/>; the ResNets and Swin have their own emitters.
/// </summary>
internal static class VisionTrunkEmitter
{
    /// <summary>Tokens [B,1+N,W] of any supported trunk.</summary>
    public static string Tokens(OnnxGraph g, VisionTrunk trunk, string pixels, string name) => trunk switch
    {
        SmallCnn cnn => SmallCnnTokens(g, cnn, pixels, name),
        VisionTransformer vit => g.LayerNorm(
            TransformerEmitter.Emit(g, Child<Transformer>(vit, "transformer"), VitEmbed(g, vit, pixels, name), null, null, $"{name}.transformer"),
            Child<LayerNorm>(vit, "ln_post"), $"{name}.ln_post"),
        ResNet resnet => GridToTokens(g, ResNetEmitter.Grid(g, resnet, pixels, name), name),
        ModifiedResNet clip => GridToTokens(g, ClipResNetEmitter.Grid(g, clip, pixels, name), name),
        SwinTransformer swin => SwinEmitter.Tokens(g, swin, pixels, name),
        _ => throw new NotSupportedException($"ONNX export has no emitter for the vision trunk {trunk.GetType().Name} yet (supported: SmallCnn, VisionTransformer, ResNet, ModifiedResNet, SwinTransformer)."),
    };

    /// <summary>SmallCnn's last feature map [B,W,h,w]: per stage conv → BatchNorm → ReLU.</summary>
    public static string SmallCnnGrid(OnnxGraph g, SmallCnn cnn, string pixels, string name)
    {
        var x = pixels;
        var stages = Items(Child<TorchSharp.torch.nn.Module>(cnn, "stages"));
        for (int s = 0; s < stages.Count; s++) x = g.Sequential(x, stages[s], $"{name}.stages.{s}");
        return x;
    }

    /// <summary>SmallCnn tokens: grid cells row-major with the spatial mean first (positions added to the cells when present).</summary>
    static string SmallCnnTokens(OnnxGraph g, SmallCnn cnn, string pixels, string name) =>
        MeanFirst(g, Cells(g, SmallCnnGrid(g, cnn, pixels, name), name), name, OptionalTensor(cnn, "positional_embedding"));

    /// <summary><see cref="VisionTrunk"/>'s <c>GridToTokens</c>: grid [B,C,h,w] → [B,1+h·w,C], the spatial mean first.</summary>
    public static string GridToTokens(OnnxGraph g, string grid, string name) => MeanFirst(g, Cells(g, grid, name), name);

    /// <summary>A grid [B,C,h,w] as its cells [B,h·w,C], row-major (<c>flatten(2).transpose(1, 2)</c>).</summary>
    public static string Cells(OnnxGraph g, string grid, string name) =>
        g.Transpose(g.Reshape(grid, [0, 0, -1], $"{name}.flat"), [0, 2, 1], $"{name}.cells");

    /// <summary>
    /// Tokens [B,1+N,W] with the mean of <paramref name="cells"/> [B,N,W] first; <paramref name="positions"/>, when
    /// given, are added to the cells after the mean is taken (the mean token carries none).
    /// </summary>
    public static string MeanFirst(OnnxGraph g, string cells, string name, TorchSharp.torch.Tensor? positions = null)
    {
        var pooled = g.ReduceMean(cells, [1], keepDims: true, $"{name}.pooled");
        if (positions is not null)
            cells = g.Op("Add", $"{name}.cells_positioned", [cells, g.Weight(positions, $"{name}.positional_embedding")]);
        return g.Concat(1, $"{name}.tokens", pooled, cells);
    }

    /// <summary>ViT embedding <c>ln_pre(CLS + patches + positions)</c> → [B,1+N,W].</summary>
    public static string VitEmbed(OnnxGraph g, VisionTransformer vit, string pixels, string name)
    {
        long w = vit.Width;
        var patches = g.Conv(pixels, Child<Conv2d>(vit, "conv1"), $"{name}.conv1");
        var x = g.Transpose(g.Reshape(patches, [0, 0, -1], $"{name}.patches_flat"), [0, 2, 1], $"{name}.patches");
        var batch = g.Slice(g.Op("Shape", $"{name}.patch_shape", [x]), 0, 0, 1, $"{name}.batch");
        var clsShape = g.Concat(0, $"{name}.cls_shape", batch, g.Int64s([1, w], $"{name}.cls_dims"));
        var cls = g.Op("Expand", $"{name}.cls", [g.Reshape(g.Weight(Tensor(vit, "class_embedding"), $"{name}.class_embedding"), [1, 1, w], $"{name}.cls_row"), clsShape]);
        x = g.Op("Add", $"{name}.positioned", [g.Concat(1, $"{name}.with_cls", cls, x), g.Weight(Tensor(vit, "positional_embedding"), $"{name}.positional_embedding")]);
        return g.LayerNorm(x, Child<LayerNorm>(vit, "ln_pre"), $"{name}.ln_pre");
    }

    /// <summary>CLIP's pooled image feature <c>ln_post(z[0]) · proj</c> from transformer output z.</summary>
    public static string VitProject(OnnxGraph g, VisionTransformer vit, string z, string name)
    {
        var first = g.LayerNorm(g.Select(z, 1, 0, $"{name}.z0"), Child<LayerNorm>(vit, "ln_post"), $"{name}.ln_post");
        return OptionalTensor(vit, "proj") is { } proj ? g.Project(first, proj, $"{name}.proj") : first;
    }
}
