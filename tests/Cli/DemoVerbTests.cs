namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip demo</c> and <c>priorclip doctor</c>.</summary>
[Collection(ConsoleCollection.Name)]
public class DemoVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DemoRunsEndToEndOnASmallSet()
    {
        var result = CliHarness.Run("demo", "--output", _dir, "--epochs", "1", "--train-images", "48");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("image→text", result.Out);
        Assert.Contains("text→image", result.Out);
        Assert.Matches(@"mR \d+\.\d\d   \(chance \d+\.\d\d\)", result.Out);
        Assert.True(File.Exists(Path.Combine(_dir, "priorclip-tiny.zip")));
        foreach (var file in new[] { "metrics.json", "report.md", "report.html" })
            Assert.True(File.Exists(Path.Combine(_dir, "report", file)), file);
    }

    [Fact]
    public void DemoBadUsageAndBadInput()
    {
        Assert.Equal(2, CliHarness.Run("demo", "--epochs", "one").ExitCode);
        var zero = CliHarness.Run("demo", "--output", _dir, "--epochs", "0", "--train-images", "12");
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("Epochs", zero.Error);
    }

    [Fact]
    public void DoctorRunsLibTorch()
    {
        var result = CliHarness.Run("doctor");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("forward+backward ok", result.Out);
    }
}
