using System.Globalization;
using System.Text.RegularExpressions;
using PriorClip.MLNet.Tests.Build;
using PriorClip.MLNet.Tests.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Notebooks;

/// <summary>
/// The library folder a user publishes for the notebooks (notebooks/README.md), made once for the
/// tests below: <c>dotnet publish cli -r linux-x64 --self-contained false</c> into
/// <c>ROOT/artifacts/notebooks</c>, with <c>ROOT/notebooks</c> as the kernel's working folder, so the
/// notebooks' own <c>../artifacts/notebooks</c> lines resolve to it.
/// </summary>
public sealed class PublishedNotebookLibrary : IDisposable
{
    readonly TempDirectory _root = new();

    public PublishedNotebookLibrary()
    {
        string library = Path.Combine(_root.Path, "artifacts", "notebooks");
        NotebookFolder = Directory.CreateDirectory(Path.Combine(_root.Path, "notebooks")).FullName;
        var (exitCode, output) = ProcessRunner.Run("dotnet",
            $"publish cli/PriorClip.Cli.csproj -c Release -r linux-x64 --self-contained false -o \"{library}\" --nologo -v quiet",
            RepositoryLayout.Root, timeoutMs: 600_000);
        PublishExitCode = exitCode;
        PublishOutput = output;
    }

    /// <summary>The kernel's working folder: a sibling of artifacts/.</summary>
    public string NotebookFolder { get; }

    public int PublishExitCode { get; }

    public string PublishOutput { get; }

    public void Dispose() => _root.Dispose();
}

/// <summary>
/// Each notebook, as committed, in a kernel process of its own (tests/PriorClip.MLNet.NotebookHost),
/// taking the library from the published folder exactly as notebooks/README.md tells a user to: this
/// is what shows that the natives are found and FSharp.Core loads once, which the in-process
/// <see cref="NotebookKernelTests"/> cannot (their process has the library loaded already).
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class NotebookProcessTests(PublishedNotebookLibrary library) : IClassFixture<PublishedNotebookLibrary>
{
    (int ExitCode, string Output) RunNotebook(string name, bool validation)
    {
        Assert.True(library.PublishExitCode == 0, "publishing the notebooks' library folder failed:\n" + library.PublishOutput);
        string outputs = Path.Combine(library.NotebookFolder, "out", Path.GetFileNameWithoutExtension(name));
        string overrides = Path.Combine(library.NotebookFolder, name + ".overrides.cs");
        File.WriteAllText(overrides, NotebookKernelTests.TinyParameters(outputs, validation));
        return ProcessRunner.Run("dotnet", $"\"{HostDll()}\" {name} \"{library.NotebookFolder}\" \"{overrides}\"",
            library.NotebookFolder, timeoutMs: 600_000);
    }

    [Fact]
    public void QuickstartRunsInAKernelOfItsOwn()
    {
        var (exitCode, output) = RunNotebook("quickstart.ipynb", validation: true);

        Assert.True(exitCode == 0, output);
        Match mR = Regex.Match(output, @"Test mR (\d+\.\d\d) \(chance (\d+\.\d\d)\)");
        Assert.True(mR.Success, output);
        Assert.True(double.Parse(mR.Groups[1].Value, CultureInfo.InvariantCulture) > double.Parse(mR.Groups[2].Value, CultureInfo.InvariantCulture), mR.Value);
        // The three Plotly charts (plus plotly.js's own mention of newPlot) and the five thumbnails were displayed.
        Assert.Matches(@"\[html\] \d+ chars; plots [3-9]; images 0", output);
        Assert.Contains("; images 5; ", output);
    }

    [Fact]
    public void MlNetPipelineRunsInAKernelOfItsOwn()
    {
        var (exitCode, output) = RunNotebook("mlnet-pipeline.ipynb", validation: false);

        Assert.True(exitCode == 0, output);
        Assert.Contains("original and loaded model identical: True", output);
        Match mR = Regex.Match(output, @"Test mR (\d+\.\d\d) \(chance (\d+\.\d\d)\)");
        Assert.True(mR.Success, output);
        Assert.True(double.Parse(mR.Groups[1].Value, CultureInfo.InvariantCulture) > double.Parse(mR.Groups[2].Value, CultureInfo.InvariantCulture), mR.Value);
        Assert.Contains("text → image NDCG@1", output);
        Assert.Contains("; tables 1", output); // the metrics and the DataFrame views were displayed
    }

    /// <summary>The host's build output, same configuration as this test assembly.</summary>
    static string HostDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = bin.Name, configuration = bin.Parent!.Name;
        string dll = Path.Combine(RepositoryLayout.Root, "tests", "PriorClip.MLNet.NotebookHost", "bin", configuration, tfm, "PriorClip.MLNet.NotebookHost.dll");
        Assert.True(File.Exists(dll), $"notebook host not built at {dll}; building tests/PriorClip.MLNet.Tests.csproj builds it");
        return dll;
    }
}
