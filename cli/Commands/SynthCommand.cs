using System.CommandLine;
using PriorClip.MLNet.Data.Synthetic;

namespace PriorClip.Cli.Commands;

/// <summary><c>priorclip synth</c>: writes the synthetic remote-sensing retrieval set.</summary>
internal static class SynthCommand
{
    /// <summary>Default folder of <c>--hard</c>, beside the standard set's <c>out/synthetic</c>.</summary>
    const string HardOutput = "out/synthetic-hard";

    public static Command Create(Option<bool> verbose)
    {
        var output = new Option<string>("--output", "-o") { Description = $"Folder for dataset_synthetic.json and images/ (with --hard: {HardOutput}).", DefaultValueFactory = _ => "out/synthetic" };
        var seed = new Option<int>("--seed") { Description = "Master seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 42 };
        var size = new Option<int>("--image-size") { Description = "Image side in pixels, 64–256.", DefaultValueFactory = _ => 64 };
        var train = new Option<int>("--train") { Description = "Training images.", DefaultValueFactory = _ => 3000 };
        var val = new Option<int>("--val") { Description = "Validation images.", DefaultValueFactory = _ => 450 };
        var test = new Option<int>("--test") { Description = "Test images.", DefaultValueFactory = _ => 450 };
        var hard = new Option<bool>("--hard") { Description = $"Hard variant: mixed scenes and captions sharing words across classes (\"dataset\": \"synthetic-rs-hard\"; default output {HardOutput})." };
        var command = new Command("synth", "Generate the synthetic remote-sensing image–caption set (RSICD Karpathy JSON + PNG images).\n\n" +
                                           "Examples:\n  priorclip synth --output data/synthetic --seed 7 --image-size 128\n" +
                                           "  priorclip synth --hard --output data/synthetic-hard")
        { output, seed, size, train, val, test, hard };
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var options = new SyntheticDatasetOptions
            {
                Seed = r.GetValue(seed), ImageSize = r.GetValue(size),
                TrainImages = r.GetValue(train), ValImages = r.GetValue(val), TestImages = r.GetValue(test),
                Difficulty = r.GetValue(hard) ? SyntheticDifficulty.Hard : SyntheticDifficulty.Standard,
            };
            // Without --output the hard set goes to its own folder, so it never overwrites the standard set.
            bool defaultFolder = r.GetResult(output) is null or { Implicit: true };
            Generate(options.Difficulty == SyntheticDifficulty.Hard && defaultFolder ? HardOutput : r.GetValue(output)!, options);
            return 0;
        }));
        return command;
    }

    /// <summary>Generates with a progress line and prints the summary.</summary>
    public static SyntheticDataset Generate(string folder, SyntheticDatasetOptions options)
    {
        string variant = options.Difficulty == SyntheticDifficulty.Hard ? "hard " : "";
        Console.WriteLine($"Generating {options.TotalImages} {variant}synthetic images ({options.ImageSize} px, seed {options.Seed}) into {Path.GetFullPath(folder)} …");
        var progress = new ConsoleLineProgress("images", options.TotalImages);
        var data = SyntheticDatasetGenerator.Generate(folder, options, progress);
        progress.Done();
        Console.WriteLine($"Wrote {data.Images.Count} images and {data.Images.Sum(i => i.Captions.Count)} captions in {data.Elapsed.TotalSeconds:F1} s: {data.JsonPath}");
        foreach (var (split, counts) in data.CountsPerSplit)
            Console.WriteLine($"  {split,-5} {counts.Values.Sum(),5} images over {counts.Count} classes");
        return data;
    }
}
