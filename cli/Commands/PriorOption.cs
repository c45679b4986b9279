using System.Globalization;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Trainers;

namespace PriorClip.Cli.Commands;

/// <summary>Turns <c>train --prior</c> into trainer options (or, for an ONNX prior, a pipeline step).</summary>
internal static class PriorOption
{
    /// <summary>Sets <paramref name="options"/> for the chosen prior; returns the ONNX step's settings for <c>onnx:FILE</c>, else null.</summary>
    public static OnnxPriorOptions? Apply(PriorClipTrainerOptions options, string prior, string input, string output, int size, string mean, string std)
    {
        var config = options.ModelConfigObject ?? PriorClipModelConfig.Load(options.ModelConfig);
        if (prior == "config")
        {
            if (config.Instruction.Source == InstructionSource.External)
                throw new ArgumentException($"model config '{config.Name}' takes its visual prior from an external Instruction column, which a dataset file does not have: " +
                                            "choose one with --prior builtin, builtin-resnet50, checkpoint:FILE or onnx:FILE");
            return null;
        }
        switch (prior)
        {
            case "builtin":
                options.ModelConfigObject = config with { Instruction = new InstructionConfig { Source = InstructionSource.SceneClassifier, SceneClasses = 2 } };
                return null;
            case "builtin-resnet50":
                options.ModelConfigObject = config with
                {
                    Instruction = new InstructionConfig
                    {
                        Source = InstructionSource.SceneClassifier, SceneClasses = 2, ClassifierKind = PriorTrunkKind.ResNet,
                        ClassifierStageDepths = [3, 4, 6, 3], ClassifierWidth = 64,
                    },
                };
                return null;
        }
        if (prior.StartsWith("checkpoint:", StringComparison.Ordinal))
        {
            options.PriorCheckpoint = EvalCommand.RequireFile(prior["checkpoint:".Length..], "--prior checkpoint:");
            return null;
        }
        if (prior.StartsWith("onnx:", StringComparison.Ordinal))
            return new OnnxPriorOptions
            {
                ModelPath = EvalCommand.RequireFile(prior["onnx:".Length..], "--prior onnx:"),
                InputName = input, OutputName = output, ImageSize = size,
                Mean = Floats(mean, "--prior-mean"), Std = Floats(std, "--prior-std"),
            };
        throw new ArgumentException($"--prior '{prior}' is not config, builtin, builtin-resnet50, checkpoint:FILE or onnx:FILE");
    }

    static float[] Floats(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new ArgumentException($"{option}: '{parts[i]}' (value {i + 1} of '{text}') is not a number");
        if (values.Length != 3) throw new ArgumentException($"{option}: '{text}' must give 3 values, one per RGB channel");
        return values;
    }
}
