using System.Text.Json;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip synth</c> and <c>priorclip dataset</c>: success, bad usage (exit 2), bad input (exit 1).</summary>
[Collection(ConsoleCollection.Name)]
public class DataVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Generate()
    {
        var result = CliHarness.Run("synth", "--output", _dir, "--train", "24", "--val", "12", "--test", "12", "--seed", "3");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Wrote 48 images and 240 captions", result.Out);
        return Path.Combine(_dir, "dataset_synthetic.json");
    }

    [Fact]
    public void SynthWritesASetThatDatasetReportsAsJson()
    {
        var json = Generate();
        var result = CliHarness.Run("dataset", json, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        var root = report.RootElement;
        Assert.Equal(48, root.GetProperty("images").GetInt32());
        Assert.Equal(240, root.GetProperty("captions").GetInt32());
        Assert.Equal(24, root.GetProperty("splits").GetProperty("train").GetProperty("images").GetInt32());
        Assert.Equal(60, root.GetProperty("splits").GetProperty("test").GetProperty("captions").GetInt32());
        Assert.Equal(12, root.GetProperty("classes").EnumerateObject().Count());
        Assert.Equal(0, root.GetProperty("problems").GetArrayLength());

        var text = CliHarness.Run("dataset", json);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("48 images, 240 captions", text.Out);
        Assert.Contains("no problems found", text.Out);
    }

    [Fact]
    public void SynthHardWritesTheHardVariantAndTheHelpShowsIt()
    {
        var result = CliHarness.Run("synth", "--hard", "--output", _dir, "--train", "24", "--val", "0", "--test", "0", "--seed", "3");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Generating 24 hard synthetic images", result.Out);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "dataset_synthetic.json")));
        Assert.Equal("synthetic-rs-hard", json.RootElement.GetProperty("dataset").GetString());

        var help = CliHarness.Run("synth", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("priorclip synth --hard", help.Out);
    }

    [Fact]
    public void BadUsageExitsWithTwo()
    {
        Assert.Equal(2, CliHarness.Run("synth", "--image-size", "large").ExitCode);
        Assert.Equal(2, CliHarness.Run("dataset").ExitCode);
        Assert.Equal(2, CliHarness.Run("dataset", "a.json", "--no-such-option").ExitCode);
        var unknownVerb = CliHarness.Run("frobnicate");
        Assert.Equal(2, unknownVerb.ExitCode);
        Assert.Contains("priorclip --help", unknownVerb.Error);
    }

    [Fact]
    public void BadInputExitsWithOneAndNamesTheInput()
    {
        var size = CliHarness.Run("synth", "--output", _dir, "--image-size", "50");
        Assert.Equal(1, size.ExitCode);
        Assert.Contains("ImageSize must be between 64 and 256 pixels; got 50", size.Error);
        Assert.DoesNotContain("   at ", size.Error); // no stack trace without --verbose

        var missing = Path.Combine(_dir, "nowhere", "dataset.json");
        var notFound = CliHarness.Run("dataset", missing);
        Assert.Equal(1, notFound.ExitCode);
        Assert.Contains(missing, notFound.Error);

        var broken = Path.Combine(_dir, "broken.json");
        File.WriteAllText(broken, "{\"images\": [ {\"filename\": \"a_1.png\", ");
        var malformed = CliHarness.Run("dataset", broken);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("broken.json", malformed.Error);
        Assert.Contains("line 1", malformed.Error);
    }

    [Fact]
    public void ImagesPointsToAnotherFolderAndSkipBadCountsAndNamesWhatItLeftOut()
    {
        string json = Generate();
        string moved = Path.Combine(_dir, "elsewhere");
        Directory.Move(Path.Combine(_dir, "images"), moved);
        var names = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("images").EnumerateArray()
            .Select(e => e.GetProperty("filename").GetString()!).ToArray();

        var lost = CliHarness.Run("dataset", json);
        Assert.Equal(1, lost.ExitCode);
        Assert.Contains(names[0], lost.Error);
        var found = CliHarness.Run("dataset", json, "--images", moved, "--json");
        Assert.True(found.ExitCode == 0, found.ToString());
        Assert.Equal(48, JsonDocument.Parse(found.Out).RootElement.GetProperty("images").GetInt32());

        // One image file gone, one caption of another image blanked by hand.
        File.Delete(Path.Combine(moved, names[5]));
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
        root["images"]![7]!["sentences"]![2]!["raw"] = "   ";
        File.WriteAllText(json, root.ToJsonString());

        var strict = CliHarness.Run("dataset", json, "--images", moved);
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains(names[5], strict.Error);

        var skipped = CliHarness.Run("dataset", json, "--images", moved, "--skip-bad", "--json");
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        using var report = JsonDocument.Parse(skipped.Out);
        Assert.Equal(47, report.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(240 - 5 - 1, report.RootElement.GetProperty("captions").GetInt32());
        var problems = report.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetRawText()).ToList();
        // Two entries left out (skipped) and a warning about what was kept: the image left with four captions.
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains(names[5], StringComparison.Ordinal) && p.Contains("not found", StringComparison.Ordinal) && p.Contains("Skipped", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("images[7].sentences[2]", StringComparison.Ordinal) && p.Contains("caption is empty or whitespace", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ShortCaptionList", StringComparison.Ordinal) && p.Contains(names[7], StringComparison.Ordinal) && p.Contains("Kept", StringComparison.Ordinal));

        var text = CliHarness.Run("dataset", json, "--images", moved, "--skip-bad");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("47 images, 234 captions", text.Out);
        Assert.Contains("3 problem(s):", text.Out);
    }
}
