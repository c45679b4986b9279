using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using PriorClip.MLNet.Tests.Build;

namespace PriorClip.MLNet.Tests.Notebooks;

/// <summary>One code cell of a notebook: its position among the code cells, its text and its tags.</summary>
internal sealed record NotebookCodeCell(int Index, string Code, IReadOnlyList<string> Tags)
{
    /// <summary>Cell tag of the papermill-style parameters cell.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>Cell tag of cells that only make sense in a notebook (the library reference, the display shim).</summary>
    public const string NotebookOnlyTag = "notebook-only";

    public bool IsParameters => Tags.Contains(ParametersTag);

    public bool IsNotebookOnly => Tags.Contains(NotebookOnlyTag);
}

/// <summary>Reads the repository's notebooks (notebooks/*.ipynb) with .NET Interactive's own .ipynb parser.</summary>
internal static class NotebookFile
{
    /// <summary>
    /// Where the notebooks take the library from, relative to notebooks/: the folder that notebooks/README.md says to
    /// publish. It appears in the first code cell's <c>#r</c> lines and in its loop that loads the folder's assemblies.
    /// </summary>
    public const string LibraryFolder = "../artifacts/notebooks";

    /// <summary>The reference line of each notebook's first code cell.</summary>
    public const string LibraryReference = "#r \"" + LibraryFolder + "/PriorClip.MLNet.dll\"";

    public static string Folder => Path.Combine(RepositoryLayout.Root, "notebooks");

    /// <summary>The code cells of notebooks/<paramref name="name"/>, in order; throws for a cell of another language.</summary>
    public static IReadOnlyList<NotebookCodeCell> ReadCodeCells(string name)
    {
        var kernels = new KernelInfoCollection { new("csharp", "C#", ["c#", "C#"]) };
        kernels.DefaultKernelName = "csharp";
        InteractiveDocument document = Notebook.Parse(File.ReadAllText(Path.Combine(Folder, name)), kernels);
        var cells = new List<NotebookCodeCell>();
        foreach (var element in document.Elements.Where(e => e.KernelName != "markdown"))
        {
            if (element.KernelName != "csharp")
                throw new InvalidDataException($"{name}: a '{element.KernelName}' cell; these notebooks hold C# and markdown only:\n{element.Contents}");
            cells.Add(new NotebookCodeCell(cells.Count, Normalize(element.Contents), Tags(element)));
        }
        return cells;
    }

    /// <summary>
    /// The shared cells of the file-based twin notebooks/<paramref name="name"/>.cs: the text between each
    /// <c>// cell</c> line and the next <c>// end cell</c> line.
    /// </summary>
    public static IReadOnlyList<string> ReadTwinCells(string name) =>
        Regex.Matches(Normalize(File.ReadAllText(TwinPath(name))) + "\n", @"^// cell\n(.*?)^// end cell$", RegexOptions.Multiline | RegexOptions.Singleline)
            .Select(m => Normalize(m.Groups[1].Value))
            .ToList();

    public static string TwinPath(string name) => Path.Combine(Folder, name + ".cs");

    /// <summary>Unix line ends, no trailing blank lines: the form in which cells are compared.</summary>
    public static string Normalize(string code) => code.Replace("\r\n", "\n").TrimEnd();

    static IReadOnlyList<string> Tags(InteractiveDocumentElement element)
    {
        if (element.Metadata is null || !element.Metadata.TryGetValue("tags", out object? tags) || tags is null)
            return [];
        return tags switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(t => t.GetString() ?? "").ToList(),
            IEnumerable<object> list => list.Select(t => t?.ToString() ?? "").ToList(),
            _ => throw new InvalidDataException($"cell tags of an unexpected form: {tags.GetType()}"),
        };
    }
}
