using System.Globalization;
using System.Text.RegularExpressions;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Build;
using PriorClip.MLNet.Tests.Data.Synthetic;

namespace PriorClip.MLNet.Tests.Notebooks;

/// <summary>
/// Each notebook has a file-based twin (notebooks/NAME.cs, <c>dotnet run notebooks/NAME.cs</c>). The twin is
/// written by hand next to the notebook, not generated: these tests keep them in step. Every code cell of the
/// notebook except those tagged <c>notebook-only</c> (library reference, display shim) and <c>parameters</c>
/// appears verbatim, in order, between the twin's <c>// cell</c> markers; the twin's parameters have the
/// notebook's names and defaults.
/// </summary>
public sealed class NotebookTwinTests
{
    [Theory]
    [InlineData("quickstart")]
    [InlineData("mlnet-pipeline")]
    public void TwinHoldsEverySharedNotebookCellInOrder(string name)
    {
        var shared = NotebookFile.ReadCodeCells(name + ".ipynb").Where(c => !c.IsNotebookOnly && !c.IsParameters).ToList();
        var twin = NotebookFile.ReadTwinCells(name);

        Assert.NotEmpty(shared);
        for (int i = 0; i < Math.Max(shared.Count, twin.Count); i++)
        {
            string? notebookCell = i < shared.Count ? shared[i].Code : null;
            string? twinCell = i < twin.Count ? twin[i] : null;
            Assert.True(notebookCell == twinCell,
                $"{name}: shared cell {i} differs between {name}.ipynb (code cell {(i < shared.Count ? shared[i].Index : -1)}) and {name}.cs:\n" +
                $"--- notebook ---\n{notebookCell ?? "(none)"}\n--- twin ---\n{twinCell ?? "(none)"}");
        }
    }

    [Theory]
    [InlineData("quickstart")]
    [InlineData("mlnet-pipeline")]
    public void TwinParametersHaveTheNotebookNamesAndDefaults(string name)
    {
        var cell = NotebookFile.ReadCodeCells(name + ".ipynb").Single(c => c.IsParameters);
        var notebook = Regex.Matches(cell.Code, @"^(int|double|string) (\w+) = (.+);$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} = {m.Groups[3].Value}")
            .ToList();
        var twin = Regex.Matches(File.ReadAllText(NotebookFile.TwinPath(name)), @"^(int|double|string) (\w+) = Arg\(""([a-z-]+)"", (.+)\);$", RegexOptions.Multiline)
            .Select(m =>
            {
                Assert.Equal(Regex.Replace(m.Groups[2].Value, "[A-Z]", c => "-" + char.ToLowerInvariant(c.Value[0])), m.Groups[3].Value);
                return $"{m.Groups[1].Value} {m.Groups[2].Value} = {m.Groups[4].Value}";
            })
            .ToList();

        Assert.NotEmpty(notebook);
        Assert.Equal(notebook, twin);
    }
}

/// <summary>The twins run as programs (<c>dotnet run notebooks/NAME.cs -- args</c>) with tiny sizes.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class NotebookTwinRunTests
{
    /// <summary>Runs a twin from the repository root; the batch size comes from the environment, the rest from arguments.</summary>
    static string RunTwin(string name, string outputFolder, bool validation)
    {
        string arguments = $"PRIORCLIP_BATCH_SIZE={TinySizes.BatchSize} dotnet run -c Release notebooks/{name}.cs -- " +
                           $"--train-images {TinySizes.TrainImages} {(validation ? $"--val-images {TinySizes.ValImages} " : "")}" +
                           $"--test-images {TinySizes.TestImages} --epochs {TinySizes.Epochs} --output-folder {outputFolder}";
        var (exitCode, output) = ProcessRunner.Run("env", arguments, RepositoryLayout.Root, timeoutMs: 600_000);
        Assert.True(exitCode == 0, $"dotnet run notebooks/{name}.cs exited with {exitCode}:\n{output}");
        return output;
    }

    /// <summary>The "Test mR X (chance Y)" line: mR must beat chance.</summary>
    static void AssertAboveChance(string output)
    {
        Match line = Regex.Match(output, @"^Test mR ([\d.]+) \(chance ([\d.]+)\)$", RegexOptions.Multiline);
        Assert.True(line.Success, $"no 'Test mR' line in:\n{output}");
        double mR = double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
        double chance = double.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(mR > chance, $"test mR {mR} is not above chance {chance}");
    }

    [Fact]
    public void QuickstartTwinWritesChartsAndThumbnails()
    {
        using var folder = new TempDirectory();
        string output = RunTwin("quickstart", folder.Path, validation: true);

        AssertAboveChance(output);
        Assert.Contains($"{TinySizes.TrainImages + TinySizes.ValImages + TinySizes.TestImages} images", output);
        // Cosine scores can be negative for a briefly trained model: the sign is part of the number.
        Assert.Equal(5, Regex.Matches(output, @"^[1-5]\. -?\d\.\d{4}  \w+", RegexOptions.Multiline).Count);
        string page = File.ReadAllText(Path.Combine(folder.Path, "quickstart.html"));
        Assert.Contains(RetrievalCharts.PlotlyScript, page);
        Assert.Equal(3, Regex.Matches(page, "Plotly.newPlot\\(").Count - Regex.Matches(RetrievalCharts.PlotlyScript, "Plotly.newPlot\\(").Count);
        Assert.Equal(5, Regex.Matches(page, "<img src=\"data:image/png;base64,").Count);
        Assert.True(File.Exists(Path.Combine(folder.Path, "report", "report.html")));
    }

    [Fact]
    public void MlNetPipelineTwinRoundTripsTheModel()
    {
        using var folder = new TempDirectory();
        string output = RunTwin("mlnet-pipeline", folder.Path, validation: false);

        Assert.Contains("original and loaded model identical: True", output);
        AssertAboveChance(output);
        Match ndcg = Regex.Match(output, @"text → image NDCG@1 ([\d.]+), R@1 / 100 ([\d.]+)");
        Assert.True(ndcg.Success, output);
        Assert.Equal(ndcg.Groups[2].Value, ndcg.Groups[1].Value);
        Assert.True(File.Exists(Path.Combine(folder.Path, "priorclip-tiny.zip")));
        string page = File.ReadAllText(Path.Combine(folder.Path, "mlnet-pipeline.html"));
        Assert.Contains("<th>NDCG@10</th>", page);
        Assert.Contains("<th>Rank</th>", page);
    }
}
