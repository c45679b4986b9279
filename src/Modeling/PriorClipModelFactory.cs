using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Prior;
using PriorClip.MLNet.Modeling.Text;
using PriorClip.MLNet.Modeling.Vision;
using TorchSharp;

namespace PriorClip.MLNet.Modeling;

/// <summary>Builds a <see cref="PriorClipModel"/> from a <see cref="PriorClipModelConfig"/>.</summary>
public static class PriorClipModelFactory
{
    /// <summary>Loads a config by built-in name or path and builds the model.</summary>
    public static PriorClipModel Create(string configNameOrPath, long? seed = null) => Create(PriorClipModelConfig.Load(configNameOrPath), seed);

    /// <summary>
    /// Validates <paramref name="config"/> and builds the model on the CPU (move it with <c>model.to(device)</c>).
    /// With a seed, initialisation is deterministic (it calls <c>torch.manual_seed(seed)</c>, which also seeds
    /// later draws such as dropout). The built-in scene classifier, if any, starts frozen.
    /// </summary>
    public static PriorClipModel Create(PriorClipModelConfig config, long? seed = null)
    {
        Interop.NativeMemoryTuning.Apply(); // before the first LibTorch buffers of the model's steps
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (seed is long s) torch.manual_seed(s);

        SceneClassifier? prior = null;
        int instructionWidth = config.Instruction.Source switch
        {
            InstructionSource.External => config.Instruction.Width,
            InstructionSource.SceneClassifier => (prior = new SceneClassifier(config.Instruction, config.Vision.ImageSize)).FeatureWidth,
            _ => 0,
        };

        var v = config.Vision;
        // CLIP trunks (ViT, modified ResNet) project to the joint space themselves unless a PAE head replaces that.
        bool ownProjection = config.ImageHead.Kind != ImageHeadKind.SpatialPae;
        VisionTrunk trunk = v.Kind switch
        {
            VisionKind.SmallCnn => new SmallCnn(v.StageWidths, v.ConvsPerStage, v.ImageSize, v.GridPositions),
            VisionKind.ResNet => new ResNet(v.StageDepths, v.Width, v.ImageSize),
            VisionKind.Swin => new Vision.Swin.SwinTransformer(v),
            VisionKind.ClipResNet => new Vision.ClipResNet.ModifiedResNet(v.StageDepths, v.Width, v.ImageSize, v.Heads, ownProjection ? config.EmbedDim : null),
            _ => new VisionTransformer(v, ownProjection ? config.EmbedDim : null),
        };

        ImageEncoder visual = config.ImageHead.Kind switch
        {
            ImageHeadKind.SpatialPae => new SpatialPaeImageEncoder(trunk, instructionWidth, config.EmbedDim,
                config.ImageHead.TopK, config.ImageHead.Layers, config.ImageHead.Heads, config.ImageHead.Dropout),
            ImageHeadKind.SoftBelief => new SoftBeliefImageEncoder((VisionTransformer)trunk, instructionWidth,
                config.ImageHead.Normalization, config.ImageHead.RankWeight),
            _ => new PooledImageEncoder(trunk, config.EmbedDim),
        };

        bool temporal = config.TextHead.Kind == TextHeadKind.TemporalPae;
        int? textProjection = temporal ? null : config.EmbedDim;
        TextTrunk textTrunk = config.Text.Kind == TextKind.Gru
            ? new GruText(config.Text, textProjection)
            : new TextTransformer(config.Text, textProjection);
        TextEncoder text = temporal
            ? new TemporalPaeTextEncoder(textTrunk, config.EmbedDim, config.TextHead.Layers, config.TextHead.Heads, config.TextHead.Dropout)
            : new PooledTextEncoder(textTrunk);

        return new PriorClipModel(config, visual, text, prior);
    }
}
