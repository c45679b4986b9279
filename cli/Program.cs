using System.CommandLine;
using PriorClip.Cli.Commands;

namespace PriorClip.Cli;

/// <summary>Entry point of the <c>priorclip</c> command line.</summary>
public static class Program
{
    /// <summary>Exit code of a run that failed on its input or while working.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line that could not be parsed.</summary>
    public const int BadUsage = 2;

    /// <summary>Parses <paramref name="args"/> and runs the chosen verb.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("PriorCLIP remote-sensing image-text retrieval on ML.NET and TorchSharp.");
        var verbose = new Option<bool>("--verbose") { Description = "Print stack traces of errors.", Recursive = true };
        root.Options.Add(verbose);
        root.Subcommands.Add(DemoCommand.Create(verbose));
        root.Subcommands.Add(TrainCommand.Create(verbose));
        root.Subcommands.Add(EvalCommand.Create(verbose));
        root.Subcommands.Add(EncodeCommand.Create(verbose));
        root.Subcommands.Add(ImportCommand.Create(verbose));
        root.Subcommands.Add(ExportCommand.Create(verbose));
        root.Subcommands.Add(ZeroShotCommand.Create(verbose));
        root.Subcommands.Add(SearchCommand.Create(verbose));
        root.Subcommands.Add(IndexCommand.Create(verbose));
        root.Subcommands.Add(LocalizeCommand.Create(verbose));
        root.Subcommands.Add(TilesCommand.Create(verbose));
        root.Subcommands.Add(SynthCommand.Create(verbose));
        root.Subcommands.Add(DatasetCommand.Create(verbose));
        root.Subcommands.Add(DoctorCommand.Create());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("hint: run 'priorclip --help' for the verbs and their options.");
            return BadUsage;
        }
        return parsed.Invoke();
    }
}
