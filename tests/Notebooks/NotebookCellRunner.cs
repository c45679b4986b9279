using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace PriorClip.MLNet.Tests.Notebooks;

/// <summary>
/// Runs a notebook's code cells in order through .NET Interactive's C# kernel, with an overrides cell
/// right after the cell tagged <c>parameters</c>. Shared by the in-process tests (<see cref="NotebookRunner"/>)
/// and the kernel process of its own (tests/PriorClip.MLNet.NotebookHost), which links this file.
/// </summary>
internal static class NotebookCellRunner
{
    /// <summary>A C# kernel configured as Polyglot Notebooks configures it (<c>display</c>, <c>HTML</c> and the other helpers).</summary>
    public static CSharpKernel CreateKernel() => new CSharpKernel().UseKernelHelpers().UseValueSharing();

    /// <summary>
    /// Submits every cell (its code passed through <paramref name="prepare"/>) and hands each event to
    /// <paramref name="record"/>; stops at the first failing cell.
    /// </summary>
    /// <returns>Null when every cell ran; else which cell failed, the kernel's message and the cell's text.</returns>
    public static async Task<string?> RunAsync(Kernel kernel, string notebookName, IReadOnlyList<NotebookCodeCell> cells,
        string overrides, Func<string, string> prepare, Action<KernelEvent> record)
    {
        foreach (var cell in cells)
        {
            string? failure = await SubmitAsync(kernel, notebookName, $"code cell {cell.Index}", prepare(cell.Code), record);
            if (failure is null && cell.IsParameters)
                failure = await SubmitAsync(kernel, notebookName, "the injected parameter cell", overrides, record);
            if (failure is not null)
                return failure;
        }
        return null;
    }

    static async Task<string?> SubmitAsync(Kernel kernel, string notebookName, string cellName, string code, Action<KernelEvent> record)
    {
        var result = await kernel.SendAsync(new SubmitCode(code));
        foreach (var e in result.Events)
        {
            if (e is CommandFailed failed)
                return $"{notebookName}: {cellName} failed: {failed.Message}\n--- cell ---\n{code}";
            record(e);
        }
        return null;
    }
}
