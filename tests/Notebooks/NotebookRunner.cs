using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace PriorClip.MLNet.Tests.Notebooks;

/// <summary>What a notebook produced, cell by cell, and the kernel that holds its variables.</summary>
internal sealed class NotebookRun(string name, CSharpKernel kernel) : IDisposable
{
    readonly List<string> _standardOutput = [];
    readonly List<string> _html = [];

    public string Name { get; } = name;

    public CSharpKernel Kernel { get; } = kernel;

    /// <summary>Everything the cells wrote to the console, in order.</summary>
    public string StandardOutput => string.Concat(_standardOutput);

    /// <summary>The text/html form of every displayed value, in order.</summary>
    public IReadOnlyList<string> Html => _html;

    /// <summary>A variable the notebook defined, read from the kernel.</summary>
    public T Value<T>(string variable) =>
        Kernel.TryGetValue(variable, out T value) ? value
            : throw new KeyNotFoundException($"{Name} defines no variable '{variable}' of type {typeof(T).Name}");

    internal void Record(KernelEvent e)
    {
        switch (e)
        {
            case StandardOutputValueProduced output:
                _standardOutput.AddRange(output.FormattedValues.Select(v => v.Value));
                break;
            case DisplayEvent display when e is not ReturnValueProduced:
                _html.AddRange(display.FormattedValues.Where(v => v.MimeType == "text/html").Select(v => v.Value));
                break;
        }
    }

    public void Dispose() => Kernel.Dispose();
}

/// <summary>
/// Runs a notebook of notebooks/ top to bottom in this process through .NET Interactive's C# kernel (the
/// kernel behind Polyglot Notebooks and the Jupyter ".NET (C#)" kernel), configured as the Polyglot kernel
/// configures it (<c>display</c>, <c>HTML</c> and the other kernel helpers).
/// </summary>
/// <remarks>
/// Two changes to the notebook as committed, and no others: a cell holding the given overrides runs right
/// after the cell tagged <c>parameters</c> (papermill's convention), and the library folder
/// <see cref="NotebookFile.LibraryFolder"/> (the <c>#r</c> lines, the loading loop) becomes this test's output
/// folder. That folder holds the
/// same assemblies and the same native libraries, patched by the same build step (build/LibStdCxxCompat.targets),
/// and it is where this process loaded the library from, so the notebook's objects are of the types the
/// assertions use. What this cannot show is how a kernel in a process of its own loads artifacts/notebooks:
/// that it finds the native libraries (hence the publish with a runtime identifier, natives beside the
/// assemblies) and loads FSharp.Core once (hence the loading loop); <see cref="NotebookProcessTests"/> does. A failing cell
/// fails the test with the cell's text and the kernel's message.
/// </remarks>
internal static class NotebookRunner
{
    public static async Task<NotebookRun> RunAsync(string name, string overrides)
    {
        var cells = NotebookFile.ReadCodeCells(name);
        var referenceCells = cells.Where(c => c.Code.Contains(NotebookFile.LibraryReference, StringComparison.Ordinal)).ToList();
        Assert.True(referenceCells.Count == 1 && referenceCells[0].Index == 0 && referenceCells[0].IsNotebookOnly,
            $"{name}: the first code cell, tagged '{NotebookCodeCell.NotebookOnlyTag}', must reference the library as {NotebookFile.LibraryReference} (notebooks/README.md)");
        Assert.True(cells.Count(c => c.IsParameters) == 1, $"{name}: exactly one code cell must be tagged '{NotebookCodeCell.ParametersTag}'");

        string libraryFolder = "\"" + NotebookFile.LibraryFolder, testBuildFolder = "\"" + AppContext.BaseDirectory.TrimEnd('/');
        var run = new NotebookRun(name, NotebookCellRunner.CreateKernel());
        try
        {
            string? failure = await NotebookCellRunner.RunAsync(run.Kernel, name, cells, overrides,
                code => code.Replace(libraryFolder, testBuildFolder, StringComparison.Ordinal), run.Record);
            if (failure is not null)
                Assert.Fail($"{failure}\n--- output so far ---\n{run.StandardOutput}");
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }
}
