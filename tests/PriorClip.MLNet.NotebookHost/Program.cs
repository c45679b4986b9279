using Microsoft.DotNet.Interactive.Events;
using PriorClip.MLNet.Tests.Notebooks;

// Usage: NotebookHost NOTEBOOK.ipynb WORKING_FOLDER OVERRIDES_FILE
// Runs every code cell of notebooks/NOTEBOOK.ipynb as written, with the working folder as the kernel's
// current directory (Polyglot starts a kernel in the notebook's folder) and the overrides cell right after
// the parameters cell. Prints what the cells print and, per displayed HTML value, one "[html]" line;
// exit code 1 and the failing cell on stderr when a cell fails.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: NotebookHost NOTEBOOK.ipynb WORKING_FOLDER OVERRIDES_FILE");
    return 2;
}
var cells = NotebookFile.ReadCodeCells(args[0]);
string overrides = File.ReadAllText(args[2]);
Directory.SetCurrentDirectory(args[1]);

using var kernel = NotebookCellRunner.CreateKernel();
string? failure = await NotebookCellRunner.RunAsync(kernel, args[0], cells, overrides, code => code, Print);
if (failure is not null)
{
    Console.Error.WriteLine(failure);
    return 1;
}
return 0;

static void Print(KernelEvent e)
{
    switch (e)
    {
        case StandardOutputValueProduced output:
            foreach (var value in output.FormattedValues)
                Console.Write(value.Value);
            break;
        case DisplayEvent display when e is not ReturnValueProduced:
            foreach (var value in display.FormattedValues.Where(v => v.MimeType == "text/html"))
                Console.WriteLine($"[html] {value.Value.Length} chars; plots {CountOf(value.Value, "Plotly.newPlot(")}; images {CountOf(value.Value, "<img ")}; tables {CountOf(value.Value, "<table")}");
            break;
    }
}

static int CountOf(string text, string part) => text.Split(part).Length - 1;
