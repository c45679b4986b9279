using System.Text.Json;
using PriorClip.MLNet.Modeling.Configs;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>What <see cref="ClipCheckpointImporter.Import"/> built and how it read the file.</summary>
/// <param name="Model">The model with every checkpoint tensor in place (CPU, evaluation mode).</param>
/// <param name="Format">How the file was stored.</param>
/// <param name="Layout">"open_clip" or "hugging_face" names.</param>
/// <param name="Activation">The MLP activation used.</param>
/// <param name="ActivationSource">Where the activation came from (option, config.json, or the format's default).</param>
public sealed record ImportedClipModel(PriorClipModel Model, CheckpointFormat Format, string Layout, ActivationKind Activation, string ActivationSource);

/// <summary>
/// Builds a <see cref="PriorClipModel"/> from a CLIP-family checkpoint: OpenAI's TorchScript <c>.pt</c>, open_clip /
/// RemoteCLIP / GeoRSCLIP state dicts (<c>.pt</c>, <c>.bin</c>, also wrapped as open_clip_train saves them), and
/// Hugging Face <c>CLIPModel</c> safetensors. The architecture is read from the tensors' shapes
/// (<see cref="ClipArchitectureInference"/>); loading is strict (<see cref="ClipStateDictLoader"/>).
/// </summary>
public static class ClipCheckpointImporter
{
    /// <summary>Reads <paramref name="checkpointPath"/> and returns the loaded model.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a readable CLIP checkpoint.</exception>
    /// <exception cref="CheckpointMismatchException">Tensors are missing, extra or mis-shaped (all listed).</exception>
    public static ImportedClipModel Import(string checkpointPath, ClipImportOptions? options = null)
    {
        options ??= new ClipImportOptions();
        using var contents = CheckpointReader.Read(checkpointPath);
        bool huggingFace = HuggingFaceClipNames.Matches(contents.Tensors.Keys);
        var tensors = huggingFace ? HuggingFaceClipNames.ToOpenClip(contents.Tensors) : new Dictionary<string, TorchSharp.torch.Tensor>(contents.Tensors);
        try
        {
            var (activation, source) = ChooseActivation(options, contents.Format, huggingFace, checkpointPath);
            string name = options.Name ?? Path.GetFileNameWithoutExtension(checkpointPath);
            var config = ClipArchitectureInference.Infer(tensors, activation, name);
            var model = PriorClipModelFactory.Create(config);
            try
            {
                ClipStateDictLoader.Load(model, tensors, checkpointPath);
            }
            catch
            {
                model.Dispose();
                throw;
            }
            model.eval();
            return new ImportedClipModel(model, contents.Format, huggingFace ? "hugging_face" : "open_clip", activation, source);
        }
        finally
        {
            // Renamed Hugging Face tensors include new ones (fused q/k/v, transposed projections); the rest are the file's.
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    static (ActivationKind, string) ChooseActivation(ClipImportOptions options, CheckpointFormat format, bool huggingFace, string path)
    {
        if (options.Activation is { } chosen) return (chosen, "option");
        if (huggingFace)
        {
            string configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "config.json");
            if (File.Exists(configPath) && ReadHiddenAct(configPath) is { } fromConfig) return (fromConfig, configPath);
            return (ActivationKind.QuickGelu, "Hugging Face default (quick_gelu)");
        }
        return format == CheckpointFormat.TorchScript
            ? (ActivationKind.QuickGelu, "OpenAI TorchScript default (quick_gelu)")
            : (ActivationKind.Gelu, "open_clip state dict default (gelu)");
    }

    static ActivationKind? ReadHiddenAct(string configPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
        var acts = new List<string>();
        foreach (var tower in new[] { "text_config", "vision_config" })
            if (doc.RootElement.TryGetProperty(tower, out var t) && t.TryGetProperty("hidden_act", out var act) && act.GetString() is { } s)
                acts.Add(s);
        if (acts.Count == 0) return null;
        if (acts.Distinct().Count() > 1)
            throw new InvalidDataException($"{configPath}: the towers use different activations ({string.Join(", ", acts)}); PriorCLIP uses one for both — pass the activation explicitly");
        return acts[0] switch
        {
            "quick_gelu" => ActivationKind.QuickGelu,
            "gelu" => ActivationKind.Gelu,
            var other => throw new InvalidDataException($"{configPath}: hidden_act '{other}' is not supported (quick_gelu or gelu)"),
        };
    }
}
