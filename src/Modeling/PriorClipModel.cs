using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Losses;
using PriorClip.MLNet.Modeling.Prior;
using PriorClip.MLNet.Modeling.Text;
using PriorClip.MLNet.Modeling.Vision;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling;

/// <summary>
/// The composed PriorCLIP dual encoder: <c>visual</c> (image encoder), <c>text</c> (text encoder), the optional
/// built-in prior <c>prior</c> (<see cref="Prior.SceneClassifier"/>), and the learnable temperatures
/// <c>logit_scale</c> and <c>attribution_logit_scale</c> (both init ln(1/0.07)). Create it with
/// <see cref="PriorClipModelFactory"/>.
/// </summary>
/// <remarks>
/// Inputs: pixels float [B,3,H,W] normalised with CLIP mean/std at <see cref="ImageSize"/>; instruction float
/// [B,<see cref="InstructionWidth"/>] when <see cref="RequiresExternalInstruction"/>; token ids int64 [B,L]
/// (L ≤ context length, ids &lt; vocab size) with an attention mask [B,L] (nonzero = token, 0 = padding);
/// image ids and scene class ids int64 [B].
/// </remarks>
public sealed class PriorClipModel : nn.Module
{
#pragma warning disable IDE1006
    private readonly ImageEncoder visual;
    private readonly TextEncoder text;
    private readonly SceneClassifier? prior;
    private readonly Parameter logit_scale;
    private readonly Parameter attribution_logit_scale;
#pragma warning restore IDE1006
    private readonly PriorClipLoss _loss;

    /// <summary>Assembles the model from built parts; prefer <see cref="PriorClipModelFactory.Create(PriorClipModelConfig, long?)"/>.</summary>
    public PriorClipModel(PriorClipModelConfig config, ImageEncoder visual, TextEncoder text, SceneClassifier? prior) : base(nameof(PriorClipModel))
    {
        Config = config;
        this.visual = visual;
        this.text = text;
        this.prior = prior;
        logit_scale = new Parameter(torch.tensor((float)Math.Log(1.0 / config.Loss.InitTemperature)));
        attribution_logit_scale = new Parameter(torch.tensor((float)Math.Log(1.0 / config.Loss.InitAttributionTemperature)));
        _loss = new PriorClipLoss(config.Loss);
        RegisterComponents();
    }

    /// <summary>The config the model was built from.</summary>
    public PriorClipModelConfig Config { get; }

    /// <summary>Joint embedding dimension D.</summary>
    public int EmbedDim => Config.EmbedDim;

    /// <summary>Expected input image size (square).</summary>
    public int ImageSize => Config.Vision.ImageSize;

    /// <summary>Maximum token sequence length.</summary>
    public int ContextLength => Config.Text.ContextLength;

    /// <summary>Token vocabulary size.</summary>
    public int VocabSize => Config.Text.VocabSize;

    /// <summary>True when <see cref="EncodeImage"/> needs an external instruction column.</summary>
    public bool RequiresExternalInstruction => Config.Instruction.Source == InstructionSource.External;

    /// <summary>Width P of the external instruction column (0 when none is needed).</summary>
    public int InstructionWidth => RequiresExternalInstruction ? Config.Instruction.Width : 0;

    /// <summary>The built-in scene classifier (instruction source <c>scene_classifier</c>), else null.</summary>
    public SceneClassifier? SceneClassifier => prior;

    /// <summary>The image encoder.</summary>
    public ImageEncoder Visual => visual;

    /// <summary>The text encoder.</summary>
    public TextEncoder Text => text;

    /// <summary>Raw parameter ln(1/τ) for the contrastive loss.</summary>
    public Parameter LogitScaleParameter => logit_scale;

    /// <summary>Raw parameter ln(1/τ2) for the attribution loss.</summary>
    public Parameter AttributionLogitScaleParameter => attribution_logit_scale;

    /// <summary>exp(logit_scale), the contrastive loss's 1/τ. Kept at most <see cref="LossConfig.MaxLogitScale"/> by <see cref="ClampLogitScales"/>.</summary>
    public Tensor LogitScale() => logit_scale.exp();

    /// <summary>exp(attribution_logit_scale), the attribution loss's 1/τ2.</summary>
    public Tensor AttributionLogitScale() => attribution_logit_scale.exp();

    /// <summary>
    /// Clamps both logit-scale parameters in place to at most ln(<see cref="LossConfig.MaxLogitScale"/>), as CLIP does
    /// after each optimiser step. Clamping the parameter rather than the forward keeps the gradient alive at the
    /// cap, so a scale that reached it can come down again; the trainer calls this after every step.
    /// </summary>
    public void ClampLogitScales()
    {
        using var noGrad = torch.no_grad();
        double max = Math.Log(Config.Loss.MaxLogitScale);
        logit_scale.clamp_(max: max);
        attribution_logit_scale.clamp_(max: max);
    }

    /// <summary>
    /// Pixels [B,3,H,W] (+ instruction [B,P] when <see cref="RequiresExternalInstruction"/>) → L2-normalised [B,D].
    /// With the built-in prior the instruction is computed from the pixels (a passed instruction is ignored); with
    /// no prior it is ignored too.
    /// </summary>
    public Tensor EncodeImage(Tensor pixels, Tensor? instruction = null)
    {
        if (pixels.dim() != 4 || pixels.shape[1] != 3)
            throw new ArgumentException($"pixels must be [B,3,H,W]; got [{string.Join(",", pixels.shape)}].", nameof(pixels));
        using var scope = torch.NewDisposeScope();
        switch (Config.Instruction.Source)
        {
            case InstructionSource.External:
                if (instruction is null)
                    throw new ArgumentException($"Model config '{Config.Name}' needs an instruction [B,{Config.Instruction.Width}] (instruction.source = external).", nameof(instruction));
                if (instruction.dim() != 2 || instruction.shape[1] != Config.Instruction.Width || instruction.shape[0] != pixels.shape[0])
                    throw new ArgumentException($"instruction must be [{pixels.shape[0]},{Config.Instruction.Width}]; got [{string.Join(",", instruction.shape)}].", nameof(instruction));
                break;
            case InstructionSource.SceneClassifier:
                instruction = prior!.Features(pixels);
                break;
            default:
                instruction = null;
                break;
        }
        return visual.Encode(pixels, instruction).MoveToOuterDisposeScope();
    }

    /// <summary>Token ids int64 [B,L] + attention mask [B,L] (nonzero = token; null = no padding) → L2-normalised [B,D].</summary>
    public Tensor EncodeText(Tensor tokenIds, Tensor? attentionMask = null)
    {
        if (tokenIds.dim() != 2 || tokenIds.dtype != ScalarType.Int64)
            throw new ArgumentException($"tokenIds must be int64 [B,L]; got {tokenIds.dtype} [{string.Join(",", tokenIds.shape)}].", nameof(tokenIds));
        if (attentionMask is not null && !attentionMask.shape.SequenceEqual(tokenIds.shape))
            throw new ArgumentException("attentionMask must have the shape of tokenIds.", nameof(attentionMask));
        using var scope = torch.NewDisposeScope();
        return text.Encode(tokenIds, attentionMask).MoveToOuterDisposeScope();
    }

    /// <summary>Loss parts from already computed embeddings (see <see cref="PriorClipLoss.Compute"/>).</summary>
    public PriorClipLossParts ComputeLoss(Tensor imageEmbeddings, Tensor textEmbeddings, Tensor? imageIds, Tensor? sceneClassIds)
    {
        using var scope = torch.NewDisposeScope();
        var parts = _loss.Compute(imageEmbeddings, textEmbeddings, imageIds, sceneClassIds, LogitScale(), AttributionLogitScale());
        parts.Total.MoveToOuterDisposeScope();
        parts.Contrastive.MoveToOuterDisposeScope();
        parts.Attribution.MoveToOuterDisposeScope();
        parts.Triplet?.MoveToOuterDisposeScope();
        return parts;
    }

    /// <summary>
    /// One training forward: encodes a batch of (image, caption) rows and returns the loss parts. With
    /// <paramref name="rowImages"/> (int64 [B]), <paramref name="pixels"/> holds each distinct image once and row i's
    /// image is pixels[rowImages[i]]: every image is encoded once for all its captions, and the loss is the same as
    /// with the image repeated on each of its rows.
    /// </summary>
    public PriorClipLossParts ComputeLoss(Tensor pixels, Tensor? instruction, Tensor tokenIds, Tensor? attentionMask, Tensor? imageIds, Tensor? sceneClassIds,
        Tensor? rowImages = null)
    {
        using var scope = torch.NewDisposeScope();
        var v = EncodeImage(pixels, instruction);
        if (rowImages is not null) v = v.index_select(0, rowImages);
        var t = EncodeText(tokenIds, attentionMask);
        var parts = ComputeLoss(v, t, imageIds, sceneClassIds);
        parts.Total.MoveToOuterDisposeScope();
        parts.Contrastive.MoveToOuterDisposeScope();
        parts.Attribution.MoveToOuterDisposeScope();
        parts.Triplet?.MoveToOuterDisposeScope();
        return parts;
    }

    /// <summary>
    /// Freezes (false) or unfreezes (true) the whole text encoder, e.g. for the open-domain stage 2 (vision-instruction
    /// fine-tuning with the text tower frozen, docs/method.md §1.3/§7.3). Frozen parameters drop out of
    /// <see cref="TrainableParameters"/>; build the optimiser after calling this.
    /// </summary>
    public void SetTextEncoderTrainable(bool trainable)
    {
        foreach (var p in text.parameters()) p.requires_grad = trainable;
    }

    /// <summary>Parameters with requires_grad (a frozen prior contributes none): what the retrieval optimiser updates.</summary>
    public IReadOnlyList<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad).ToList();


    /// <summary>Trainable parameters split for AdamW (see <see cref="Modeling.WeightDecayGroups"/>).</summary>
    public (IReadOnlyList<Parameter> Decay, IReadOnlyList<Parameter> NoDecay) WeightDecayGroups() => Modeling.WeightDecayGroups.Split(parameters());
}
