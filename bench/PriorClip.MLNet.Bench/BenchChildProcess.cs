using System.Diagnostics;

namespace PriorClip.MLNet.Bench;

/// <summary>Runs this bench program again with other arguments, so one case's peak memory belongs to it alone.</summary>
internal static class BenchChildProcess
{
    /// <summary>Runs the child (its stderr passes through) and returns the last line it wrote to stdout.</summary>
    /// <exception cref="InvalidOperationException">The child exited with a non-zero code.</exception>
    public static string RunForLastLine(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        // Under `dotnet Bench.dll` the process path is the dotnet host: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(BenchChildProcess).Assembly.Location);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"`{string.Join(" ", start.ArgumentList)}` failed with exit code {child.ExitCode}");
        return output.Trim().Split('\n')[^1];
    }
}
