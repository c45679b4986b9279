using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Prior;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>A pretrained visual prior read from a checkpoint: its architecture and its tensors under our prior's names.</summary>
/// <param name="Path">The checkpoint.</param>
/// <param name="Description">What was found, for logs ("torchvision ResNet 3-4-6-3 width 64, 30 classes").</param>
/// <param name="Instruction">The instruction config that builds a matching <see cref="SceneClassifier"/>.</param>
/// <param name="Tensors">Checkpoint name → (our name, tensor).</param>
/// <param name="Ignored">Checkpoint tensors deliberately not used (a CLIP checkpoint's text tower).</param>
public sealed record PriorCheckpointContents(string Path, string Description, InstructionConfig Instruction,
    IReadOnlyList<(string FileName, string OurName, Tensor Tensor)> Tensors, int Ignored) : IDisposable
{
    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors) t.Tensor.Dispose();
    }
}

/// <summary>
/// Pretrained visual priors from checkpoints, built into the model as its frozen <c>prior</c> (so the <c>.zip</c>
/// carries them): a torchvision ResNet <c>state_dict</c> (PIR's AID-trained ResNet-50; its <c>fc</c> is kept) or the
/// image tower of a CLIP modified-ResNet checkpoint (RN50 …: the attention pool's output is the instruction; the
/// text tower is ignored, the classifier head starts untrained and is not used for the instruction).
/// </summary>
public static class PriorCheckpoint
{
    /// <summary>Reads <paramref name="path"/> (any format <see cref="CheckpointReader"/> reads) and recognises the prior in it.</summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="sceneClasses">Classes of the head a CLIP prior gets (a torchvision checkpoint brings its own).</param>
    /// <exception cref="InvalidDataException">Neither layout; the message says what was looked for.</exception>
    public static PriorCheckpointContents Read(string path, int sceneClasses = 2)
    {
        var contents = CheckpointReader.Read(path);
        var t = contents.Tensors;
        try
        {
            if (t.ContainsKey("visual.attnpool.positional_embedding")) return FromClip(path, t, sceneClasses);
            if (t.ContainsKey("conv1.weight") && t.ContainsKey("fc.weight")) return FromTorchvision(path, t);
        }
        catch
        {
            contents.Dispose();
            throw;
        }
        contents.Dispose();
        throw new InvalidDataException($"checkpoint '{path}' is neither a torchvision ResNet state_dict (conv1.weight, layer1…4, fc.weight) " +
                                       "nor a CLIP modified-ResNet checkpoint (visual.attnpool.*); those are the priors that can be read");
    }

    /// <summary>Copies the prior's tensors into <paramref name="prior"/> strictly (every tensor of the prior set, shapes equal); the CLIP head stays as initialised.</summary>
    public static void Load(SceneClassifier prior, PriorCheckpointContents contents)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(contents);
        var mapped = contents.Tensors.Select(x => new StrictTensorCopy.Mapped(x.FileName, x.Tensor, x.OurName)).ToList();
        var optional = contents.Tensors.Any(x => x.OurName.StartsWith("fc.", StringComparison.Ordinal)) ? new HashSet<string>() : new HashSet<string> { "fc.weight", "fc.bias" };
        StrictTensorCopy.Apply(contents.Path, prior.state_dict(), mapped, [], optional, n => n);
    }

    static PriorCheckpointContents FromTorchvision(string path, IReadOnlyDictionary<string, Tensor> t)
    {
        if (!t.ContainsKey("layer1.0.conv3.weight"))
            throw new InvalidDataException($"checkpoint '{path}' is a torchvision ResNet with basic blocks (ResNet-18/34); the prior needs the bottleneck layout (ResNet-50/101/152)");
        int width = (int)t["conv1.weight"].shape[0];
        var depths = Enumerable.Range(1, 4).Select(i => ClipArchitectureInference.CountLayers(t, $"layer{i}.")).ToArray();
        int classes = (int)t["fc.weight"].shape[0];
        var instruction = new InstructionConfig
        {
            Source = InstructionSource.SceneClassifier, ClassifierKind = PriorTrunkKind.ResNet,
            ClassifierStageDepths = depths, ClassifierWidth = width, SceneClasses = classes,
        };
        var tensors = t.Select(kv => (kv.Key, kv.Key.StartsWith("fc.", StringComparison.Ordinal) ? kv.Key : "features." + kv.Key, kv.Value)).ToList();
        return new PriorCheckpointContents(path, $"torchvision ResNet {string.Join("-", depths)} width {width}, {classes} classes", instruction, tensors, 0);
    }

    static PriorCheckpointContents FromClip(string path, IReadOnlyDictionary<string, Tensor> t, int sceneClasses)
    {
        int width = (int)t["visual.conv3.weight"].shape[0];
        var positions = t["visual.attnpool.positional_embedding"].shape;
        int grid = (int)Math.Round(Math.Sqrt(positions[0] - 1));
        int output = (int)t["visual.attnpool.c_proj.weight"].shape[0];
        var depths = Enumerable.Range(1, 4).Select(i => ClipArchitectureInference.CountLayers(t, $"visual.layer{i}.")).ToArray();
        var instruction = new InstructionConfig
        {
            Source = InstructionSource.SceneClassifier, ClassifierKind = PriorTrunkKind.ClipResNet, ClassifierStageDepths = depths,
            ClassifierWidth = width, ClassifierHeads = width * 32 / 64, ClassifierOutputDim = output, ClassifierImageSize = grid * 32,
            SceneClasses = Math.Max(2, sceneClasses),
        };
        var visual = t.Where(kv => kv.Key.StartsWith("visual.", StringComparison.Ordinal))
            .Select(kv => (kv.Key, "features." + kv.Key["visual.".Length..], kv.Value)).ToList();
        // The text tower is not part of the prior: dispose it now rather than with the record.
        int ignored = 0;
        foreach (var (name, tensor) in t)
            if (!name.StartsWith("visual.", StringComparison.Ordinal)) { tensor.Dispose(); ignored++; }
        return new PriorCheckpointContents(path, $"CLIP modified ResNet {string.Join("-", depths)} width {width}, attention pool → {output} at {grid * 32} px", instruction, visual, ignored);
    }
}
