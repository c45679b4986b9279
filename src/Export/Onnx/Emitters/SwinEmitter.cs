using PriorClip.MLNet.Modeling.Vision.Swin;
using TorchSharp;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// The <see cref="SwinTransformer"/>: patch embedding, stages of (shifted) window attention blocks with their relative
/// position bias and shift mask, patch merging, the final norm and the mean token first. All grid sides are fixed by
/// the model's input size, so every reshape is constant except the batch.
/// </summary>
internal static class SwinEmitter
{
    /// <summary>Tokens [B, 1+R², 8C]: <c>norm</c> of the last stage with the mean token first.</summary>
    public static string Tokens(OnnxGraph g, SwinTransformer swin, string pixels, string name)
    {
        var embed = Child<PatchEmbed>(swin, "patch_embed");
        var patches = VisionTrunkEmitter.Cells(g, g.Conv(pixels, Child<Conv2d>(embed, "proj"), $"{name}.patch_embed.proj"), $"{name}.patch_embed");
        var x = g.LayerNorm(patches, Child<LayerNorm>(embed, "norm"), $"{name}.patch_embed.norm");
        var stages = Items(Child<ModuleList<SwinStage>>(swin, "layers"));
        for (int i = 0; i < stages.Count; i++)
        {
            var blocks = Items(Child<ModuleList<SwinBlock>>(stages[i], "blocks"));
            for (int j = 0; j < blocks.Count; j++) x = Block(g, (SwinBlock)blocks[j], x, $"{name}.layers.{i}.blocks.{j}");
            if (OptionalChild(stages[i], "downsample") is PatchMerging merging) x = Merge(g, merging, x, $"{name}.layers.{i}.downsample");
        }
        return VisionTrunkEmitter.MeanFirst(g, g.LayerNorm(x, Child<LayerNorm>(swin, "norm"), $"{name}.norm"), name);
    }

    /// <summary>
    /// <c>x + unwindow(attn(window(roll(norm1(x), −s)), mask)) rolled back by s</c>, then <c>x + mlp(norm2(x))</c>. The
    /// windows are cut by Reshape/Transpose exactly as the module's view/permute, so window b·nW + i meets mask row i.
    /// </summary>
    static string Block(OnnxGraph g, SwinBlock block, string x, string name)
    {
        var (resolution, window, shift) = block.Geometry;
        long r = resolution, w = window, s = r / w;
        var norm1 = Child<LayerNorm>(block, "norm1");
        long c = norm1.normalized_shape[0];
        var y = g.Reshape(g.LayerNorm(x, norm1, $"{name}.norm1"), [0, r, r, c], $"{name}.grid");
        if (shift > 0) y = Roll(g, y, -shift, r, $"{name}.shifted");
        var windows = g.Transpose(g.Reshape(y, [0, s, w, s, w, c], $"{name}.window_split"), [0, 1, 3, 2, 4, 5], $"{name}.window_order");
        windows = g.Reshape(windows, [-1, w * w, c], $"{name}.windows");
        windows = WindowAttention(g, Child<WindowAttention>(block, "attn"), windows, OptionalTensor(block, "attn_mask"), $"{name}.attn");
        y = g.Transpose(g.Reshape(windows, [-1, s, s, w, w, c], $"{name}.window_cells"), [0, 1, 3, 2, 4, 5], $"{name}.grid_order");
        y = g.Reshape(y, [-1, r, r, c], $"{name}.merged");
        if (shift > 0) y = Roll(g, y, shift, r, $"{name}.unshifted");
        x = g.Op("Add", $"{name}.attn_residual", [x, g.Reshape(y, [-1, r * r, c], $"{name}.attended")]);
        var mlp = Child<Sequential>(block, "mlp");
        var hidden = g.Linear(g.LayerNorm(x, Child<LayerNorm>(block, "norm2"), $"{name}.norm2"), Child<Linear>(mlp, "fc1"), $"{name}.mlp.fc1");
        hidden = g.Activation(hidden, Child<torch.nn.Module>(mlp, "act"), $"{name}.mlp.act");
        return g.Op("Add", $"{name}.mlp_residual", [x, g.Linear(hidden, Child<Linear>(mlp, "fc2"), $"{name}.mlp.fc2")]);
    }

    /// <summary><c>torch.roll</c> of the grid [B,R,R,C] by <paramref name="shift"/> on axes 1 and 2: out[i] = x[(i − shift) mod R], two Slices and a Concat per axis.</summary>
    static string Roll(OnnxGraph g, string grid, long shift, long r, string name)
    {
        long split = r - ((shift % r) + r) % r; // out = cat(x[split:], x[:split])
        foreach (long axis in new long[] { 1, 2 })
            grid = g.Concat(axis, $"{name}.{axis}",
                g.Slice(grid, axis, split, r, $"{name}.{axis}.tail"), g.Slice(grid, axis, 0, split, $"{name}.{axis}.head"));
        return grid;
    }

    /// <summary>
    /// Windows [B·nW, N, C] → <c>proj(softmax(q·s·kᵀ + bias [+ mask]) · v)</c>. The relative position bias depends on
    /// parameters only, so it is gathered from the table here, once, and stored as a [1,h,N,N] constant; the mask
    /// [nW,N,N] is added through a [B,nW,h,N,N] view, as the module does.
    /// </summary>
    static string WindowAttention(OnnxGraph g, WindowAttention attn, string x, torch.Tensor? mask, string name)
    {
        var table = Tensor(attn, "relative_position_bias_table");
        var index = Tensor(attn, "relative_position_index");
        var qkv = Child<Linear>(attn, "qkv");
        long h = table.shape[1], n = index.shape[0], c = qkv.weight!.shape[1], hd = c / h;
        var parts = g.Transpose(g.Reshape(g.Linear(x, qkv, $"{name}.qkv"), [0, 0, 3, h, hd], $"{name}.qkv_heads"), [2, 0, 3, 1, 4], $"{name}.qkv_t");
        var q = g.Op("Mul", $"{name}.q_scaled", [g.Select(parts, 0, 0, $"{name}.q"), g.Scalar((float)(1.0 / Math.Sqrt(hd)), $"{name}.scale")]);
        var kT = g.Transpose(g.Select(parts, 0, 1, $"{name}.k"), [0, 1, 3, 2], $"{name}.k_t");
        var logits = g.Op("MatMul", $"{name}.logits", [q, kT]);
        using (var scope = torch.NewDisposeScope())
        {
            var bias = table.index_select(0, index.view(-1)).view(n, n, h).permute(2, 0, 1).unsqueeze(0);
            logits = g.Op("Add", $"{name}.biased", [logits, g.Weight(bias, $"{name}.relative_position_bias")]);
            if (mask is not null)
            {
                long nw = mask.shape[0];
                var perImage = g.Reshape(logits, [-1, nw, h, n, n], $"{name}.per_image");
                var masked = g.Op("Add", $"{name}.masked", [perImage, g.Weight(mask.unsqueeze(1).unsqueeze(0), $"{name}.attn_mask")]);
                logits = g.Reshape(masked, [-1, h, n, n], $"{name}.masked_logits");
            }
        }
        var weights = g.Op("Softmax", $"{name}.softmax", [logits], OnnxAttribute.Of("axis", -1L));
        var context = g.Op("MatMul", $"{name}.context", [weights, g.Select(parts, 0, 2, $"{name}.v")]);
        context = g.Reshape(g.Transpose(context, [0, 2, 1, 3], $"{name}.context_t"), [0, 0, c], $"{name}.context_merged");
        return g.Linear(context, Child<Linear>(attn, "proj"), $"{name}.proj");
    }

    /// <summary>2×2 neighbours (even/even, odd/even, even/odd, odd/odd, the module's order) concatenated → <c>norm</c> → <c>reduction</c>.</summary>
    static string Merge(OnnxGraph g, PatchMerging merging, string x, string name)
    {
        var norm = Child<LayerNorm>(merging, "norm");
        long r = merging.Resolution, c = norm.normalized_shape[0] / 4;
        var grid = g.Reshape(x, [0, r, r, c], $"{name}.grid");
        string Quarter(long row, long col) => g.Slice(grid, [1, 2], [row, col], [r, r], [2, 2], $"{name}.x{row}{col}");
        var merged = g.Reshape(g.Concat(-1, $"{name}.cat", Quarter(0, 0), Quarter(1, 0), Quarter(0, 1), Quarter(1, 1)), [0, r / 2 * (r / 2), 4 * c], $"{name}.merged");
        return g.Linear(g.LayerNorm(merged, norm, $"{name}.norm"), Child<Linear>(merging, "reduction"), $"{name}.reduction");
    }
}
