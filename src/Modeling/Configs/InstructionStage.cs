namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>
/// The open-domain recipe's second stage (docs/method.md §7.3; the README's "two-stage recipe"): from the
/// config of a contrastively pre-trained dual encoder (stage 1: an imported CLIP model, or <c>open-tiny</c>
/// trained on coarse pairs), the config that fine-tunes it with the vision instruction.
/// </summary>
public static class InstructionStage
{
    /// <summary>
    /// <paramref name="stage1"/> with the built-in scene classifier as the prior, the soft-belief head on a ViT
    /// (Spatial-PAE, hard belief, on other trunks) and the attribution loss at weight 1. Everything the two stages
    /// share keeps its name and shape, so stage 1's weights initialise stage 2
    /// (<see cref="Trainers.PriorClipTrainerOptions.InitialModel"/>).
    /// </summary>
    /// <param name="stage1">The pre-trained model's config (its image head must be pooled: stage 1 has no prior).</param>
    /// <param name="sceneClasses">Scene classes of the fine-tuning data (the trainer sets the count again from the data).</param>
    public static PriorClipModelConfig From(PriorClipModelConfig stage1, int sceneClasses = 2)
    {
        ArgumentNullException.ThrowIfNull(stage1);
        if (stage1.ImageHead.Kind != ImageHeadKind.Pooled || stage1.Instruction.Source != InstructionSource.None)
            throw new ArgumentException($"model config '{stage1.Name}' already has a prior ({stage1.Instruction.Source}, image head {stage1.ImageHead.Kind}); " +
                                        "the instruction stage starts from a plain dual encoder (stage 1 or an imported CLIP model)", nameof(stage1));
        bool vit = stage1.Vision.Kind == VisionKind.Vit;
        int tokens = ModelConfigValidator.VisionTokenCount(stage1.Vision);
        var head = vit
            ? new ImageHeadConfig { Kind = ImageHeadKind.SoftBelief, Normalization = SoftBeliefNormalization.Features, RankWeight = RankWeightIndex.Rank }
            : new ImageHeadConfig { Kind = ImageHeadKind.SpatialPae, TopK = Math.Max(1, (tokens - 1) / 2), Layers = 2, Heads = HeadsFor(stage1.EmbedDim), Dropout = 0.1 };
        return stage1 with
        {
            Name = stage1.Name + "-instruction",
            Instruction = new InstructionConfig { Source = InstructionSource.SceneClassifier, SceneClasses = Math.Max(2, sceneClasses) },
            ImageHead = head,
            Loss = stage1.Loss with { AttributionWeight = 1.0 },
        };
    }

    static int HeadsFor(int width) => width % 8 == 0 ? 8 : width % 4 == 0 ? 4 : 1;
}
