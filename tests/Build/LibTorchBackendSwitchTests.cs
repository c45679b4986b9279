namespace PriorClip.MLNet.Tests.Build;

/// <summary>
/// The documented MSBuild switch PriorClipTorchBackend selects the LibTorch package and never
/// falls back silently. Restores a copy of the library project so the real obj/ is untouched.
/// </summary>
public class LibTorchBackendSwitchTests : IDisposable
{
    readonly string _copy = Directory.CreateTempSubdirectory("priorclip-backend-").FullName;

    public LibTorchBackendSwitchTests()
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props",
                                     "build/TorchSharpBackend.targets", "build/LibStdCxxCompat.targets",
                                     "build/PatchLibStdCxxVersionNeeds.cs", "src/PriorClip.MLNet.csproj" })
        {
            var target = Path.Combine(_copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepositoryLayout.Root, file), target);
        }
    }

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    (int ExitCode, string Output) Restore(string backend) =>
        ProcessRunner.Run("dotnet", $"restore src/PriorClip.MLNet.csproj -p:PriorClipTorchBackend={backend}", _copy);

    [Fact]
    public void CudaSelectsTheCudaPackageAndNeverFallsBackToCpu()
    {
        var (exitCode, output) = Restore("cuda");
        var assets = Path.Combine(_copy, "src", "obj", "project.assets.json");
        if (exitCode != 0)
        {
            // Where the CUDA LibTorch package is not served: a clear explanation, then NU1101.
            Assert.Contains("PriorClipTorchBackend=cuda selects NuGet package libtorch-cuda-12.8-linux-x64", output);
            Assert.Contains("NU1101", output);
            Assert.Contains("libtorch-cuda-12.8-linux-x64", output);
        }
        else
        {
            var text = File.ReadAllText(assets);
            Assert.Contains("libtorch-cuda-12.8-linux-x64", text);
            Assert.DoesNotContain("libtorch-cpu-linux-x64", text);
        }
    }

    [Fact]
    public void UnknownBackendIsRejectedByName()
    {
        var (exitCode, output) = Restore("rocm");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("PriorClipTorchBackend='rocm' is not a known LibTorch backend", output);
    }
}
