namespace PriorClip.MLNet.Tests.Build;

/// <summary>
/// The build marks libLibTorchSharp.so's GLIBCXX_3.4.32 requirement weak in build outputs only,
/// and only where the system libstdc++ lacks that version. Read with binutils' readelf.
/// </summary>
public class LibStdCxxPatchTests
{
    const string Version = "GLIBCXX_3.4.32";
    const string SystemLibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    static string FlagsOf(string library)
    {
        var (exitCode, output) = ProcessRunner.Run("readelf", $"-V \"{library}\"", Path.GetTempPath());
        Assert.Equal(0, exitCode);
        var line = output.Split('\n').Single(l => l.Contains($"Name: {Version}") && l.Contains("Flags:"));
        return line[(line.IndexOf("Flags:", StringComparison.Ordinal) + 6)..].Trim().Split(' ')[0];
    }

    [Fact]
    public void OutputCopyIsWeakOnlyWhereNeededAndPackageCacheIsUntouched()
    {
        Assert.True(File.Exists(SystemLibStdCxx), $"test expects Debian's {SystemLibStdCxx}");
        var (_, systemVersions) = ProcessRunner.Run("readelf", $"-V {SystemLibStdCxx}", Path.GetTempPath());
        bool systemHasIt = systemVersions.Contains($"Name: {Version}");

        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.Equal(systemHasIt ? "none" : "WEAK", FlagsOf(output));

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.Equal("none", FlagsOf(cached));
    }
}
