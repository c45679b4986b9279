using System.Diagnostics;
using System.Text.Json;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// The PyTorch peers in bench/pytorch/, run with Debian's <c>/usr/bin/python3</c> (or <c>PRIORCLIP_PYTHON</c>) at the
/// suite's thread count. <see cref="Unavailable"/> says why they cannot run here, so a report never shows a number
/// that was not measured.
/// </summary>
internal static class PythonPeer
{
    public static string Interpreter => Environment.GetEnvironmentVariable("PRIORCLIP_PYTHON") ?? "/usr/bin/python3";

    public static string Script(string name) => Path.GetFullPath(Path.Combine("bench", "pytorch", name));

    /// <summary>Null when the interpreter imports torch and numpy and the script exists; otherwise the reason.</summary>
    public static string? Unavailable(string script) =>
        !File.Exists(Interpreter) ? $"{Interpreter} does not exist"
        : !File.Exists(script) ? $"{script} does not exist (run the suite from the repository root)"
        : Run(["-c", "import torch, numpy"], out _) != 0 ? $"{Interpreter} cannot import torch and numpy (apt install python3-torch python3-numpy libopenblas0-pthread)"
        : null;

    /// <summary>Runs the script and returns the JSON of the last line it printed.</summary>
    /// <exception cref="InvalidOperationException">The script failed.</exception>
    public static JsonDocument RunForJson(string script, params string[] arguments)
    {
        RunOrThrow(script, arguments, out string stdout);
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
    }

    public static void RunOrThrow(string script, string[] arguments, out string stdout)
    {
        int code = Run([script, .. arguments], out stdout);
        if (code != 0) throw new InvalidOperationException($"{Path.GetFileName(script)} {string.Join(" ", arguments)} failed with exit code {code}");
    }

    /// <summary>Milliseconds of each repeat of a timing array in a peer's JSON.</summary>
    public static SampleStats Milliseconds(JsonElement root, string name) =>
        SampleStats.Of(root.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToList());

    /// <summary>"PyTorch 1.13, 2 threads, BLAS …" from a peer's JSON.</summary>
    public static string Describe(JsonElement root) =>
        $"PyTorch {root.GetProperty("torch").GetString()}, {root.GetProperty("threads").GetInt32()} threads, BLAS " +
        string.Join(", ", root.GetProperty("blas").EnumerateArray().Select(e => e.GetString()));

    static int Run(string[] arguments, out string stdout)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
