namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>Field-by-field checks of a <see cref="PriorClipModelConfig"/>.</summary>
internal static class ModelConfigValidator
{
    public static void Validate(PriorClipModelConfig c)
    {
        Positive("embed_dim", c.EmbedDim);
        if (c.Vision is null) throw new ModelConfigException("vision", "is required.");
        if (c.Text is null) throw new ModelConfigException("text", "is required.");
        if (c.Instruction is null) throw new ModelConfigException("instruction", "is required.");
        if (c.ImageHead is null) throw new ModelConfigException("image_head", "is required.");
        if (c.TextHead is null) throw new ModelConfigException("text_head", "is required.");
        if (c.Loss is null) throw new ModelConfigException("loss", "is required.");
        ValidateVision(c.Vision);
        ValidateText(c.Text);
        ValidateInstruction(c.Instruction);
        ValidateImageHead(c);
        ValidateTextHead(c);
        ValidateLoss(c.Loss);
    }

    private static void ValidateVision(VisionConfig v)
    {
        Positive("vision.image_size", v.ImageSize);
        if (v.GridPositions && v.Kind != VisionKind.SmallCnn)
            throw new ModelConfigException("vision.grid_positions", $"applies to small_cnn only; a {v.Kind} trunk brings its own positions or none.");
        switch (v.Kind)
        {
            case VisionKind.SmallCnn:
                NonEmptyPositive("vision.stage_widths", v.StageWidths);
                Positive("vision.convs_per_stage", v.ConvsPerStage);
                if (v.ImageSize % (1 << v.StageWidths.Length) != 0)
                    throw new ModelConfigException("vision.image_size", $"{v.ImageSize} must be divisible by 2^{v.StageWidths.Length} (one halving per stage).");
                break;
            case VisionKind.ResNet:
                NonEmptyPositive("vision.stage_depths", v.StageDepths);
                if (v.StageDepths.Length != 4) throw new ModelConfigException("vision.stage_depths", "a torchvision ResNet has exactly 4 stages.");
                Positive("vision.width", v.Width);
                if (v.ImageSize % 32 != 0) throw new ModelConfigException("vision.image_size", $"{v.ImageSize} must be divisible by 32 for a ResNet.");
                break;
            case VisionKind.ClipResNet:
                NonEmptyPositive("vision.stage_depths", v.StageDepths);
                if (v.StageDepths.Length != 4) throw new ModelConfigException("vision.stage_depths", "CLIP's modified ResNet has exactly 4 stages.");
                Positive("vision.width", v.Width);
                if (v.Width % 2 != 0) throw new ModelConfigException("vision.width", $"{v.Width} must be even (the stem starts at width / 2).");
                Positive("vision.heads", v.Heads);
                if (v.Width * 32 % v.Heads != 0) throw new ModelConfigException("vision.heads", $"the pooled width {v.Width * 32} is not divisible by heads {v.Heads}.");
                if (v.ImageSize % 32 != 0) throw new ModelConfigException("vision.image_size", $"{v.ImageSize} must be divisible by 32 for a ResNet.");
                break;
            case VisionKind.Vit:
                Positive("vision.width", v.Width);
                Positive("vision.layers", v.Layers);
                Positive("vision.heads", v.Heads);
                Positive("vision.patch_size", v.PatchSize);
                if (v.Width % v.Heads != 0) throw new ModelConfigException("vision.heads", $"width {v.Width} is not divisible by heads {v.Heads}.");
                if (v.ImageSize % v.PatchSize != 0) throw new ModelConfigException("vision.patch_size", $"image_size {v.ImageSize} is not divisible by patch_size {v.PatchSize}.");
                if (v.MlpRatio <= 0) throw new ModelConfigException("vision.mlp_ratio", "must be > 0.");
                break;
            case VisionKind.Swin:
                Positive("vision.width", v.Width);
                Positive("vision.patch_size", v.PatchSize);
                Positive("vision.window_size", v.WindowSize);
                NonEmptyPositive("vision.stage_depths", v.StageDepths);
                NonEmptyPositive("vision.stage_heads", v.StageHeads);
                if (v.StageHeads.Length != v.StageDepths.Length)
                    throw new ModelConfigException("vision.stage_heads", $"needs one entry per stage ({v.StageDepths.Length}).");
                if (v.MlpRatio <= 0) throw new ModelConfigException("vision.mlp_ratio", "must be > 0.");
                if (v.ImageSize % v.PatchSize != 0) throw new ModelConfigException("vision.patch_size", $"image_size {v.ImageSize} is not divisible by patch_size {v.PatchSize}.");
                int resolution = v.ImageSize / v.PatchSize, dim = v.Width;
                for (int i = 0; i < v.StageDepths.Length; i++)
                {
                    if (dim % v.StageHeads[i] != 0)
                        throw new ModelConfigException($"vision.stage_heads[{i}]", $"stage width {dim} is not divisible by {v.StageHeads[i]} heads.");
                    if (resolution > v.WindowSize && resolution % v.WindowSize != 0)
                        throw new ModelConfigException("vision.window_size", $"stage {i} grid {resolution}×{resolution} is not divisible by window {v.WindowSize}.");
                    if (i < v.StageDepths.Length - 1)
                    {
                        if (resolution % 2 != 0)
                            throw new ModelConfigException("vision.image_size", $"stage {i} grid {resolution}×{resolution} cannot be merged 2×2.");
                        resolution /= 2;
                        dim *= 2;
                    }
                }
                break;
            default:
                throw new ModelConfigException("vision.kind", $"unknown kind {v.Kind}.");
        }
    }

    private static void ValidateText(TextConfig t)
    {
        Positive("text.vocab_size", t.VocabSize);
        Positive("text.context_length", t.ContextLength);
        Positive("text.width", t.Width);
        Positive("text.layers", t.Layers);
        if (t.Kind == TextKind.Gru)
        {
            if (t.Causal) throw new ModelConfigException("text.causal", "does not apply to the bidirectional GRU; leave it false.");
            return;
        }
        if (t.Kind != TextKind.Transformer) throw new ModelConfigException("text.kind", $"unknown kind {t.Kind}.");
        Positive("text.heads", t.Heads);
        if (t.Width % t.Heads != 0) throw new ModelConfigException("text.heads", $"width {t.Width} is not divisible by heads {t.Heads}.");
        if (t.MlpRatio <= 0) throw new ModelConfigException("text.mlp_ratio", "must be > 0.");
        if (t.Causal && t.Pooling == TextPooling.First)
            throw new ModelConfigException("text.pooling", "'first' pooling with a causal transformer sees only the first token; use eot_argmax or eot_mask.");
    }

    private static void ValidateInstruction(InstructionConfig i)
    {
        switch (i.Source)
        {
            case InstructionSource.None: break;
            case InstructionSource.External: Positive("instruction.width", i.Width); break;
            case InstructionSource.SceneClassifier:
                if (i.SceneClasses < 2) throw new ModelConfigException("instruction.scene_classes", "a scene classifier needs at least 2 classes.");
                switch (i.ClassifierKind)
                {
                    case PriorTrunkKind.SmallCnn:
                        NonEmptyPositive("instruction.classifier_stage_widths", i.ClassifierStageWidths);
                        break;
                    default:
                        NonEmptyPositive("instruction.classifier_stage_depths", i.ClassifierStageDepths);
                        if (i.ClassifierStageDepths.Length != 4) throw new ModelConfigException("instruction.classifier_stage_depths", "a ResNet has exactly 4 stages.");
                        Positive("instruction.classifier_width", i.ClassifierWidth);
                        if (i.ClassifierKind == PriorTrunkKind.ClipResNet)
                        {
                            if (i.ClassifierWidth % 2 != 0) throw new ModelConfigException("instruction.classifier_width", "must be even for CLIP's ResNet stem.");
                            Positive("instruction.classifier_heads", i.ClassifierHeads);
                            if (i.ClassifierWidth * 32 % i.ClassifierHeads != 0)
                                throw new ModelConfigException("instruction.classifier_heads", $"the pooled width {i.ClassifierWidth * 32} is not divisible by {i.ClassifierHeads} heads.");
                            Positive("instruction.classifier_output_dim", i.ClassifierOutputDim);
                            Positive("instruction.classifier_image_size", i.ClassifierImageSize);
                            if (i.ClassifierImageSize % 32 != 0) throw new ModelConfigException("instruction.classifier_image_size", "must be divisible by 32.");
                        }
                        break;
                }
                break;
            default: throw new ModelConfigException("instruction.source", $"unknown source {i.Source}.");
        }
    }

    private static void ValidateImageHead(PriorClipModelConfig c)
    {
        var h = c.ImageHead;
        bool hasPrior = c.Instruction.Source != InstructionSource.None;
        switch (h.Kind)
        {
            case ImageHeadKind.Pooled:
                break;
            case ImageHeadKind.SpatialPae:
                if (!hasPrior) throw new ModelConfigException("instruction.source", "spatial_pae needs an instruction (external or scene_classifier).");
                int tokens = VisionTokenCount(c.Vision);
                if (h.TopK < 1 || h.TopK > tokens)
                    throw new ModelConfigException("image_head.top_k", $"{h.TopK} must be in [1, {tokens}] (the trunk yields {tokens} tokens incl. the pooled one).");
                Positive("image_head.layers", h.Layers);
                Positive("image_head.heads", h.Heads);
                if (c.EmbedDim % h.Heads != 0) throw new ModelConfigException("image_head.heads", $"embed_dim {c.EmbedDim} is not divisible by heads {h.Heads}.");
                Probability("image_head.dropout", h.Dropout);
                break;
            case ImageHeadKind.SoftBelief:
                if (c.Vision.Kind != VisionKind.Vit) throw new ModelConfigException("image_head.kind", "soft_belief needs vision.kind = vit.");
                if (!hasPrior) throw new ModelConfigException("instruction.source", "soft_belief needs an instruction (external or scene_classifier).");
                break;
            default: throw new ModelConfigException("image_head.kind", $"unknown kind {h.Kind}.");
        }
    }

    private static void ValidateTextHead(PriorClipModelConfig c)
    {
        var h = c.TextHead;
        if (h.Kind == TextHeadKind.TemporalPae)
        {
            Positive("text_head.layers", h.Layers);
            Positive("text_head.heads", h.Heads);
            if (c.EmbedDim % h.Heads != 0) throw new ModelConfigException("text_head.heads", $"embed_dim {c.EmbedDim} is not divisible by heads {h.Heads}.");
            Probability("text_head.dropout", h.Dropout);
            if (c.Text.Causal) throw new ModelConfigException("text.causal", "temporal_pae pools the first token, which a causal transformer leaves blind; use causal = false.");
        }
    }

    private static void ValidateLoss(LossConfig l)
    {
        if (!(l.InitTemperature > 0)) throw new ModelConfigException("loss.init_temperature", "must be > 0.");
        if (!(l.InitAttributionTemperature > 0)) throw new ModelConfigException("loss.init_attribution_temperature", "must be > 0.");
        if (!(l.MaxLogitScale > 0)) throw new ModelConfigException("loss.max_logit_scale", "must be > 0.");
        if (l.AttributionWeight < 0) throw new ModelConfigException("loss.attribution_weight", "must be >= 0.");
        if (l.TripletWeight < 0) throw new ModelConfigException("loss.triplet_weight", "must be >= 0.");
        if (l.TripletMargin < 0) throw new ModelConfigException("loss.triplet_margin", "must be >= 0.");
    }

    /// <summary>Tokens (pooled/CLS + grid) the vision trunk yields.</summary>
    public static int VisionTokenCount(VisionConfig v) => v.Kind switch
    {
        VisionKind.SmallCnn => 1 + Square(v.ImageSize >> v.StageWidths.Length),
        VisionKind.ResNet or VisionKind.ClipResNet => 1 + Square(v.ImageSize / 32),
        VisionKind.Vit => 1 + Square(v.ImageSize / v.PatchSize),
        VisionKind.Swin => 1 + Square(v.ImageSize / v.PatchSize >> (v.StageDepths.Length - 1)),
        _ => 0,
    };

    private static int Square(int x) => x * x;

    private static void Positive(string field, int value)
    {
        if (value <= 0) throw new ModelConfigException(field, $"must be > 0 (got {value}).");
    }

    private static void Probability(string field, double value)
    {
        if (!(value >= 0 && value < 1)) throw new ModelConfigException(field, $"must be in [0, 1) (got {value}).");
    }

    private static void NonEmptyPositive(string field, int[]? values)
    {
        if (values is null || values.Length == 0) throw new ModelConfigException(field, "must be a non-empty list.");
        for (int i = 0; i < values.Length; i++)
            if (values[i] <= 0) throw new ModelConfigException($"{field}[{i}]", $"must be > 0 (got {values[i]}).");
    }
}
