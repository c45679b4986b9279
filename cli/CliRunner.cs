using System.Text.Json;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.Cli;

/// <summary>
/// Runs a verb's work and turns failures into the documented exit codes: 1 with one clear line
/// (and a hint) for bad input or a failed run; the stack trace only with <c>--verbose</c>.
/// </summary>
internal static class CliRunner
{
    public static int Run(bool verbose, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {Describe(e)}");
            Console.Error.WriteLine($"hint: {Hint(e)}");
            if (verbose) Console.Error.WriteLine(e);
            return Program.Failure;
        }
    }

    static string Describe(Exception e) => e switch
    {
        FileNotFoundException f when f.FileName is not null && !f.Message.Contains(f.FileName) => $"{f.Message} ({f.FileName})",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerException!),
        _ => e.Message,
    };

    static string Hint(Exception e) => e switch
    {
        DatasetFormatException => "fix the entry named above, or see 'priorclip dataset --help' for the options that skip bad entries",
        ModelConfigException => "see docs/model-configs.md for the fields of a model config",
        PriorClipModelFormatException => "the model file must be a .zip written by this version of PriorClip.MLNet",
        PriorClip.MLNet.Modeling.Import.CheckpointMismatchException => "the checkpoint is not a complete CLIP model of one architecture; see docs/importing-checkpoints.md",
        FileNotFoundException or DirectoryNotFoundException => "check the path (relative paths start at the current folder)",
        JsonException => "the file is not valid JSON",
        OperationCanceledException => "the run was cancelled; with --checkpoints, 'priorclip train --resume' continues it",
        _ => "run again with --verbose for details",
    };
}
