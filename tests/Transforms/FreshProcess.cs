using System.Diagnostics;
using System.Text.Json;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// Runs tests/PriorClip.MLNet.TestHost in a separate <c>dotnet</c> process, so a model is loaded by a
/// process that never saw the transformer that wrote it (nothing cached, nothing registered).
/// </summary>
internal static class FreshProcess
{
    internal sealed record Result(int ExitCode, string StdErr, Dictionary<string, List<double[]>>? Columns);

    internal static Result LoadAndTransform(string modelPath, IReadOnlyList<string> captions, bool register = true) =>
        Run(modelPath, JsonSerializer.Serialize(captions), register);

    internal static Result LoadAndTransformPixels(string modelPath, int[] shape, float[][] pixels) =>
        Run(modelPath, JsonSerializer.Serialize(new { shape, pixels }), register: true);

    internal static Result LoadAndTransformPixelsAndCaptions(string modelPath, int[] shape, float[][] pixels, string[] captions) =>
        Run(modelPath, JsonSerializer.Serialize(new { shape, pixels, captions }), register: true);

    /// <summary>Loads without <c>RegisterPriorClip()</c> and transforms rows with an ImagePath column.</summary>
    internal static Result LoadAndTransformImagePathsUnregistered(string modelPath, IReadOnlyList<string> imagePaths) =>
        Run(modelPath, JsonSerializer.Serialize(new { image_paths = imagePaths }), register: false);

    /// <summary>Loads without <c>RegisterPriorClip()</c> and transforms rows with Tokens/TokenMask columns.</summary>
    internal static Result LoadAndTransformTokensUnregistered(string modelPath, int[][] tokens, float[][] mask) =>
        Run(modelPath, JsonSerializer.Serialize(new { tokens, mask }), register: false);

    private static Result Run(string modelPath, string inputJson, bool register)
    {
        using var input = TransformTestData.TempFile(".json");
        using var output = TransformTestData.TempFile(".json");
        File.WriteAllText(input.Path, inputJson);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { HostDll(), modelPath, input.Path, output.Path })
            psi.ArgumentList.Add(a);
        if (!register) psi.ArgumentList.Add("--no-register");
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The test host did not finish within 2 minutes.");
        }
        string err = stderr.Result + stdout.Result;
        var columns = process.ExitCode == 0
            ? JsonSerializer.Deserialize<Dictionary<string, List<double[]>>>(File.ReadAllText(output.Path))
            : null;
        return new Result(process.ExitCode, err, columns);
    }

    /// <summary>The host's own build output, same configuration as this test assembly.</summary>
    private static string HostDll()
    {
        // BaseDirectory = <repo>/tests/bin/<Configuration>/net10.0/
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = bin.Name, configuration = bin.Parent!.Name;
        string testsDir = bin.Parent.Parent!.Parent!.FullName;
        string dll = Path.Combine(testsDir, "PriorClip.MLNet.TestHost", "bin", configuration, tfm, "PriorClip.MLNet.TestHost.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"Test host not built at {dll}; build tests/PriorClip.MLNet.Tests.csproj (it builds the host).", dll);
        return dll;
    }
}
