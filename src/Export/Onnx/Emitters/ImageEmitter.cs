using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Modeling.Pae;
using PriorClip.MLNet.Modeling.Prior;
using PriorClip.MLNet.Modeling.Vision;
using PriorClip.MLNet.Modeling.Vision.ClipResNet;
using TorchSharp.Modules;
using static PriorClip.MLNet.Export.Onnx.ModuleParts;
using Transformer = PriorClip.MLNet.Modeling.Layers.Transformer;

namespace PriorClip.MLNet.Export.Onnx.Emitters;

/// <summary>
/// The image side of <see cref="PriorClipModel.EncodeImage"/>: pixel normalisation, the instruction (the built-in scene
/// classifier's pooled feature or an external input), and the image encoder (Spatial-PAE, pooled, or soft belief).
/// </summary>
internal static class ImageEmitter
{
    /// <summary>Pixels [B,3,S,S] on the 0–255 scale (+ instruction [B,P] when external) → L2-normalised [B,D].</summary>
    public static string Encode(OnnxGraph g, PriorClipModel model, PixelNormalization normalization, string pixels255, string? externalInstruction)
    {
        var pixels = Normalize(g, normalization, pixels255);
        string? instruction = model.Config.Instruction.Source switch
        {
            InstructionSource.External => externalInstruction ?? throw new ArgumentException("The model needs an external instruction input."),
            InstructionSource.SceneClassifier => SceneFeatures(g, model.SceneClassifier!, pixels, "prior"),
            _ => null,
        };
        return model.Visual switch
        {
            SpatialPaeImageEncoder spatial => SpatialPae(g, spatial, pixels, instruction!, "visual"),
            PooledImageEncoder pooled => Pooled(g, pooled, pixels, "visual"),
            SoftBeliefImageEncoder soft => SoftBelief(g, soft, model.Config.ImageHead, pixels, instruction!, "visual"),
            var other => throw new NotSupportedException($"ONNX export has no emitter for the image encoder {other.GetType().Name} yet."),
        };
    }

    /// <summary><c>(x / 255 − mean) / std</c> per channel, the same operations in the same order as <see cref="PixelNormalization.Apply"/>.</summary>
    static string Normalize(OnnxGraph g, PixelNormalization normalization, string pixels255)
    {
        var unit = g.Op("Div", "pixels.unit", [pixels255, g.Scalar(255f, "pixels.255")]);
        var centred = g.Op("Sub", "pixels.centred", [unit, g.Constant(normalization.Mean, [1, 3, 1, 1], "pixels.mean")]);
        return g.Op("Div", "pixels.normalized", [centred, g.Constant(normalization.Std, [1, 3, 1, 1], "pixels.std")]);
    }

    /// <summary>The scene classifier's pooled feature (the instruction) [B,F], by trunk as <see cref="SceneClassifier.Features"/>.</summary>
    internal static string SceneFeatures(OnnxGraph g, SceneClassifier prior, string pixels, string name)
    {
        var features = Child<VisionTrunk>(prior, "features");
        return features switch
        {
            SmallCnn cnn => g.ReduceMean(VisionTrunkEmitter.SmallCnnGrid(g, cnn, pixels, $"{name}.features"), [2, 3], keepDims: false, $"{name}.pooled"),
            ModifiedResNet clip => ClipResNetEmitter.Pooled(g, clip,
                prior.ResizeTo is int size ? ClipResNetEmitter.Resize(g, pixels, size, $"{name}.resized") : pixels, $"{name}.features"),
            // torchvision's avgpool + flatten: the mean token the trunk puts first.
            _ => g.Select(VisionTrunkEmitter.Tokens(g, features, pixels, $"{name}.features"), 1, 0, $"{name}.pooled"),
        };
    }

    static string SpatialPae(OnnxGraph g, SpatialPaeImageEncoder encoder, string pixels, string instruction, string name)
    {
        var tokens = VisionTrunkEmitter.Tokens(g, encoder.Trunk, pixels, $"{name}.trunk");
        var v = g.Linear(tokens, Child<Linear>(encoder, "token_proj"), $"{name}.token_proj");
        var u = g.Linear(instruction, Child<Linear>(encoder, "instruction_proj"), $"{name}.instruction_proj");
        return PaeEmitter.Spatial(g, Child<Modeling.Pae.SpatialPae>(encoder, "pae"), v, u, $"{name}.pae");
    }

    static string Pooled(OnnxGraph g, PooledImageEncoder encoder, string pixels, string name)
    {
        string feature;
        if (encoder.Trunk is VisionTransformer vit)
        {
            var z = TransformerEmitter.Emit(g, Child<Transformer>(vit, "transformer"), VisionTrunkEmitter.VitEmbed(g, vit, pixels, $"{name}.trunk"), null, null, $"{name}.trunk.transformer");
            feature = VisionTrunkEmitter.VitProject(g, vit, z, $"{name}.trunk");
        }
        else if (encoder.Trunk is ModifiedResNet clip)
        {
            feature = ClipResNetEmitter.Pooled(g, clip, pixels, $"{name}.trunk");
        }
        else
        {
            var tokens = VisionTrunkEmitter.Tokens(g, encoder.Trunk, pixels, $"{name}.trunk");
            feature = g.Linear(g.Select(tokens, 1, 0, $"{name}.pooled_token"), Child<Linear>(encoder, "proj"), $"{name}.proj");
        }
        return g.L2Normalize(feature, $"{name}.normalized");
    }

    /// <summary>
    /// Soft belief (docs/method.md §4): <c>X' = normalize(X ⊙ b + X ⊙ w)</c>, <c>w = 1/√(rank + 1)</c>; the transformer runs
    /// on <c>[y; X']</c> and the output is <c>ln_post(z[0]) · proj</c>. Ranks are the inverse of the descending order (TopK of
    /// all N tokens' logits, then ScatterElements of 0..N−1 at those positions), as <c>argsort(argsort)</c>.
    /// </summary>
    static string SoftBelief(OnnxGraph g, SoftBeliefImageEncoder encoder, ImageHeadConfig head, string pixels, string instruction, string name)
    {
        var vit = (VisionTransformer)encoder.Trunk;
        var y = g.Linear(instruction, Child<Linear>(encoder, "instruction_proj"), $"{name}.instruction_proj");
        var x = VisionTrunkEmitter.VitEmbed(g, vit, pixels, $"{name}.trunk");
        long n = vit.TokenCount;
        var scores = PaeEmitter.Scores(g, x, y, $"{name}.belief");
        var belief = PaeEmitter.Softmax(g, scores, $"{name}.belief");
        var order = g.Ops("TopK", $"{name}.belief.order", [scores, g.Int64s([n], $"{name}.belief.n")], 2,
            OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("largest", 1L), OnnxAttribute.Of("sorted", 1L))[1];
        var positions = g.Op("Expand", $"{name}.belief.positions", [g.Int64s(Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray(), $"{name}.belief.arange", dims: [1, n]),
            g.Op("Shape", $"{name}.belief.order_shape", [order])]);
        string index;
        if (head.RankWeight == RankWeightIndex.Position)
        {
            x = PaeEmitter.GatherTokens(g, x, order, $"{name}.belief.sorted");
            belief = g.Op("GatherElements", $"{name}.belief.sorted_belief", [belief, order], OnnxAttribute.Of("axis", 1L));
            index = positions;
        }
        else
        {
            index = g.Op("ScatterElements", $"{name}.belief.ranks", [order, order, positions], OnnxAttribute.Of("axis", 1L));
        }
        var rank1 = g.Op("Add", $"{name}.belief.rank1", [g.Op("Cast", $"{name}.belief.rank_float", [index], OnnxAttribute.Of("to", (long)OnnxElementType.Float)), g.Scalar(1f, $"{name}.belief.one")]);
        var w = g.Op("Reciprocal", $"{name}.belief.w", [g.Op("Sqrt", $"{name}.belief.sqrt", [rank1])]);
        var weighted = g.Op("Add", $"{name}.belief.weighted",
            [g.Op("Mul", $"{name}.belief.xb", [x, g.Unsqueeze(belief, [-1], $"{name}.belief.b_col")]),
             g.Op("Mul", $"{name}.belief.xw", [x, g.Unsqueeze(w, [-1], $"{name}.belief.w_col")])]);
        long axis = head.Normalization == SoftBeliefNormalization.Features ? -1 : 1;
        var norm = g.Op("ReduceL2", $"{name}.belief.norm", [weighted], OnnxAttribute.List("axes", axis), OnnxAttribute.Of("keepdims", 1L));
        var xPrime = g.Op("Div", $"{name}.belief.x_prime", [weighted, g.Op("Max", $"{name}.belief.norm_clamped", [norm, g.Scalar(1e-12f, $"{name}.belief.eps")])]);
        var sequence = g.Concat(1, $"{name}.sequence", g.Unsqueeze(y, [1], $"{name}.y_token"), xPrime);
        var z = TransformerEmitter.Emit(g, Child<Transformer>(vit, "transformer"), sequence, null, null, $"{name}.trunk.transformer");
        return g.L2Normalize(VisionTrunkEmitter.VitProject(g, vit, z, $"{name}.trunk"), $"{name}.normalized");
    }
}
