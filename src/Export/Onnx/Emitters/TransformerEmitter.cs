using PriorClip.MLNet.Modeling.Layers;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;
using MultiheadAttention = PriorClip.MLNet.Modeling.Layers.MultiheadAttention;
using Transformer = PriorClip.MLNet.Modeling.Layers.Transformer;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>CLIP's pre-LN <see cref="ResidualAttentionBlock"/> and the <see cref="Transformer"/> stack of them.</summary>
internal static class TransformerEmitter
{
    /// <summary>Every block of <paramref name="transformer"/> on x [B,L,W]; masks as in <see cref="AttentionEmitter.Emit"/>.</summary>
    public static string Emit(OnnxGraph g, Transformer transformer, string x, string? keyPadding, string? blocked, string name)
    {
        var blocks = Items(Child<ModuleList<ResidualAttentionBlock>>(transformer, "resblocks"));
        for (int i = 0; i < blocks.Count; i++)
            x = Block(g, (ResidualAttentionBlock)blocks[i], x, keyPadding, blocked, $"{name}.resblocks.{i}");
        return x;
    }

    /// <summary><c>x + attn(ln_1(x))</c>, then <c>x + mlp(ln_2(x))</c>.</summary>
    public static string Block(OnnxGraph g, ResidualAttentionBlock block, string x, string? keyPadding, string? blocked, string name)
    {
        var y = g.LayerNorm(x, Child<LayerNorm>(block, "ln_1"), $"{name}.ln_1");
        var attended = AttentionEmitter.Emit(g, Child<MultiheadAttention>(block, "attn"), y, y, y, keyPadding, blocked, $"{name}.attn");
        x = g.Op("Add", $"{name}.attn_residual", [x, attended]);
        var mlp = Child<Sequential>(block, "mlp");
        var hidden = g.Linear(g.LayerNorm(x, Child<LayerNorm>(block, "ln_2"), $"{name}.ln_2"), Child<Linear>(mlp, "c_fc"), $"{name}.mlp.c_fc");
        hidden = g.Activation(hidden, Child<TorchSharp.torch.nn.Module>(mlp, "gelu"), $"{name}.mlp.act");
        return g.Op("Add", $"{name}.mlp_residual", [x, g.Linear(hidden, Child<Linear>(mlp, "c_proj"), $"{name}.mlp.c_proj")]);
    }
}
