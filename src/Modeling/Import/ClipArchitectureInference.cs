using System.Globalization;
using System.Text.RegularExpressions;
using PriorClip.MLNet.Modeling.Configs;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>
/// Reads a CLIP model's architecture from the shapes of its open_clip-named tensors, so ViT-B/32, B/16,
/// L/14 and the modified ResNets load alike: widths, layer counts, patch size, image size, context
/// length, vocabulary and embedding dimension are all in the shapes. Attention heads are not: they
/// follow CLIP's rule, width / 64 (ResNet attention pooling: width·32 / 64). Neither is the
/// activation, which the caller chooses (<see cref="ClipImportOptions.Activation"/>).
/// </summary>
public static partial class ClipArchitectureInference
{
    /// <summary>
    /// The PriorCLIP config of a plain CLIP model with these tensors: pooled heads, no prior, causal text
    /// transformer pooled at the end-of-text token (the largest id), single-positive contrastive loss.
    /// </summary>
    /// <param name="tensors">open_clip names (see <see cref="HuggingFaceClipNames"/> for Hugging Face files).</param>
    /// <param name="activation">MLP activation of both towers.</param>
    /// <param name="name">Config name recorded in the model.</param>
    /// <exception cref="InvalidDataException">A tensor the inference needs is missing or has an unexpected rank; the message names it.</exception>
    public static PriorClipModelConfig Infer(IReadOnlyDictionary<string, Tensor> tensors, ActivationKind activation, string name)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var vision = tensors.ContainsKey("visual.attnpool.positional_embedding")
            ? InferModifiedResNet(tensors)
            : InferVit(tensors, activation);
        var tokenEmbedding = Shape(tensors, "token_embedding.weight", 2);
        var textPositions = Shape(tensors, "positional_embedding", 2);
        var textProjection = Shape(tensors, "text_projection", 2);
        int textWidth = (int)tokenEmbedding[1];
        int textLayers = CountLayers(tensors, "transformer.resblocks.");
        if (textLayers == 0) throw Missing("transformer.resblocks.0.*", "the text transformer");
        var textFc = Shape(tensors, "transformer.resblocks.0.mlp.c_fc.weight", 2);
        var text = new TextConfig
        {
            Kind = TextKind.Transformer,
            VocabSize = (int)tokenEmbedding[0],
            ContextLength = (int)textPositions[0],
            Width = textWidth,
            Layers = textLayers,
            Heads = HeadsFor(textWidth, "token_embedding.weight"),
            MlpRatio = (double)textFc[0] / textWidth,
            Activation = activation,
            Causal = true,
            Pooling = TextPooling.EotArgmax,
        };
        return new PriorClipModelConfig
        {
            Name = name,
            EmbedDim = (int)textProjection[1],
            Vision = vision,
            Text = text,
            Instruction = new InstructionConfig { Source = InstructionSource.None },
            ImageHead = new ImageHeadConfig { Kind = ImageHeadKind.Pooled },
            TextHead = new TextHeadConfig { Kind = TextHeadKind.Pooled },
            Loss = new LossConfig { MultiPositive = false, AttributionWeight = 0 },
        };
    }

    static VisionConfig InferVit(IReadOnlyDictionary<string, Tensor> tensors, ActivationKind activation)
    {
        var conv = Shape(tensors, "visual.conv1.weight", 4);
        var positions = Shape(tensors, "visual.positional_embedding", 2);
        int width = (int)conv[0], patch = (int)conv[2];
        int grid = (int)Math.Round(Math.Sqrt(positions[0] - 1));
        if (grid * grid + 1 != positions[0])
            throw new InvalidDataException($"visual.positional_embedding has {positions[0]} rows, which is not 1 + a square patch grid");
        int layers = CountLayers(tensors, "visual.transformer.resblocks.");
        if (layers == 0) throw Missing("visual.transformer.resblocks.0.*", "the vision transformer");
        var fc = Shape(tensors, "visual.transformer.resblocks.0.mlp.c_fc.weight", 2);
        return new VisionConfig
        {
            Kind = VisionKind.Vit,
            ImageSize = grid * patch,
            PatchSize = patch,
            Width = width,
            Layers = layers,
            Heads = HeadsFor(width, "visual.conv1.weight"),
            MlpRatio = (double)fc[0] / width,
            Activation = activation,
        };
    }

    static VisionConfig InferModifiedResNet(IReadOnlyDictionary<string, Tensor> tensors)
    {
        var stem = Shape(tensors, "visual.conv3.weight", 4);
        var positions = Shape(tensors, "visual.attnpool.positional_embedding", 2);
        int width = (int)stem[0];
        int grid = (int)Math.Round(Math.Sqrt(positions[0] - 1));
        if (grid * grid + 1 != positions[0])
            throw new InvalidDataException($"visual.attnpool.positional_embedding has {positions[0]} rows, which is not 1 + a square grid");
        var depths = new int[4];
        for (int stage = 0; stage < 4; stage++)
        {
            depths[stage] = CountLayers(tensors, $"visual.layer{stage + 1}.");
            if (depths[stage] == 0) throw Missing($"visual.layer{stage + 1}.0.*", "the modified ResNet");
        }
        return new VisionConfig
        {
            Kind = VisionKind.ClipResNet,
            ImageSize = grid * 32,
            Width = width,
            StageDepths = depths,
            Heads = HeadsFor(width * 32, "visual.conv3.weight"),
        };
    }

    static int HeadsFor(int width, string source)
    {
        if (width % 64 != 0)
            throw new InvalidDataException($"width {width} (from {source}) is not a multiple of 64, so CLIP's heads = width / 64 rule does not apply");
        return width / 64;
    }

    static long[] Shape(IReadOnlyDictionary<string, Tensor> tensors, string name, int rank)
    {
        if (!tensors.TryGetValue(name, out var t)) throw Missing(name, "the architecture");
        if (t.dim() != rank)
            throw new InvalidDataException($"tensor '{name}' has shape [{string.Join(", ", t.shape)}]; a CLIP checkpoint has a rank-{rank} tensor there");
        return t.shape;
    }

    /// <summary>1 + the largest N of names <c>{prefix}N.…</c> (0 when none): the blocks of a stage or transformer.</summary>
    internal static int CountLayers(IReadOnlyDictionary<string, Tensor> tensors, string prefix)
    {
        int count = 0;
        foreach (var key in tensors.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var m = LeadingIndex().Match(key, prefix.Length);
            if (m.Success) count = Math.Max(count, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1);
        }
        return count;
    }

    static InvalidDataException Missing(string name, string what) =>
        new($"the checkpoint has no tensor '{name}', which {what} needs: is this a CLIP model (open_clip, OpenAI or Hugging Face CLIPModel)?");

    [GeneratedRegex(@"\G(\d+)\.")]
    private static partial Regex LeadingIndex();
}
