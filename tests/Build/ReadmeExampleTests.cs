using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PriorClip.MLNet.Tests.Build;

/// <summary>
/// The README's C# example compiles, as written, against the library: a renamed method or a
/// changed signature breaks this test instead of the first reader who copies the example.
/// </summary>
public sealed class ReadmeExampleTests
{
    /// <summary>Every ```csharp block of the README, in order.</summary>
    static IReadOnlyList<string> CSharpBlocks() =>
        Regex.Matches(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md")), "```csharp\\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).ToList();

    /// <summary>The framework's assemblies plus everything the test run loaded from its own folder (the library and its packages).</summary>
    static IEnumerable<MetadataReference> References()
    {
        _ = typeof(PriorClip.MLNet.Pipelines.Recipes.RetrievalPipeline).Assembly; // the library itself is loaded
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string[] local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => { try { AssemblyName.GetAssemblyName(path); return true; } catch (BadImageFormatException) { return false; } })
            .ToArray();
        return platform.Concat(local).DistinctBy(Path.GetFileName).Select(path => MetadataReference.CreateFromFile(path));
    }

    /// <summary>The global usings of a <c>dotnet new console</c> project (ImplicitUsings), where a reader pastes the example.</summary>
    const string ConsoleProjectImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void TheReadmesCSharpExampleCompiles()
    {
        IReadOnlyList<string> blocks = CSharpBlocks();
        Assert.NotEmpty(blocks);
        string example = Assert.Single(blocks, b => b.Contains("new MLContext"));

        var compilation = CSharpCompilation.Create("ReadmeExample",
            [
                CSharpSyntaxTree.ParseText(ConsoleProjectImplicitUsings, new CSharpParseOptions(LanguageVersion.Latest), path: "ImplicitUsings.cs"),
                CSharpSyntaxTree.ParseText(example, new CSharpParseOptions(LanguageVersion.Latest), path: "README.md"),
            ],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);

        string[] errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        Assert.True(result.Success, "README's C# example does not compile:\n" + string.Join('\n', errors));
    }
}
