using System.Diagnostics;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>Tests that redirect the process-wide console: none of them runs beside another test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process console";
}

/// <summary>Runs the <c>priorclip</c> command line in-process or as a child process and captures its output.</summary>
internal static class CliHarness
{
    internal sealed record Result(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    /// <summary>Runs <c>Program.Main</c> with the console redirected.</summary>
    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            int code = PriorClip.Cli.Program.Main(args);
            return new Result(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>Starts <c>dotnet priorclip.dll ARGS</c> from the test's output folder.</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "priorclip.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the CLI");
    }

    /// <summary>
    /// Generates a synthetic set in <c>DIR/data</c> (12 validation images) and trains the default config on it for one
    /// epoch into <c>DIR/run</c>: a real model for tests of the verbs that use one.
    /// </summary>
    public static (string Dataset, string Model) TrainSmallModel(string dir, int trainImages, int testImages, int seed)
    {
        var synth = Run("synth", "--output", Path.Combine(dir, "data"), "--train", $"{trainImages}", "--val", "12", "--test", $"{testImages}", "--seed", $"{seed}");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string dataset = Path.Combine(dir, "data", "dataset_synthetic.json");
        var train = Run("train", "--dataset", dataset, "--output", Path.Combine(dir, "run"), "--epochs", "1", "--batch-size", "12", "--prior-epochs", "1");
        Assert.True(train.ExitCode == 0, train.ToString());
        return (dataset, Path.Combine(dir, "run", "model.zip"));
    }
}
