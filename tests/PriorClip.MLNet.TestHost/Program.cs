// Fresh-process model loader used by the round-trip tests.
//   dotnet PriorClip.MLNet.TestHost.dll <model.zip> <input.json> <output.json> [--no-register]
// input.json is either a JSON array of captions (a "Caption" column) or {"shape": [C, H, W], "pixels":
// [[...], ...]} (a "Pixels" Vector<Single> column), optionally with "captions": [...] (one per pixel row). Loads the model with the standard mlContext.Model.Load
// (after mlContext.RegisterPriorClip() unless --no-register), transforms the input and writes every
// Int32/Single vector column of the result as JSON. input.json may also be {"image_paths": [...]} (an "ImagePath"
// column) or {"tokens": [[...]], "mask": [[...]]} ("Tokens" Vector<Int32> and "TokenMask" Vector<Single> columns).
// On success stdout's last line lists the assemblies loaded ("assemblies: A,B,..."), so a test can show that a
// pipeline ran without TorchSharp. Errors: exit code 2, "<type>: <message>" per inner exception on stderr.
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: PriorClip.MLNet.TestHost <model.zip> <captions.json> <output.json> [--no-register]");
    return 1;
}

try
{
    var mlContext = new MLContext(seed: 1);
    if (!args.Contains("--no-register"))
        Registration.Register(mlContext);
    var model = mlContext.Model.Load(args[0], out _);
    var data = HostInput.Read(mlContext, File.ReadAllText(args[1]));
    var output = model.Transform(data);
    File.WriteAllText(args[2], JsonSerializer.Serialize(HostOutput.Collect(output)));
    Console.WriteLine("assemblies: " + string.Join(",", AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order()));
    return 0;
}
catch (Exception e)
{
    // The whole chain: ML.NET wraps the interesting message (e.g. the missing loader) as an inner exception.
    for (Exception? x = e; x is not null; x = x.InnerException)
        Console.Error.WriteLine($"{x.GetType().FullName}: {x.Message}");
    return 2;
}

/// <summary>
/// Kept out of the entry point: the JIT loads an assembly when it compiles a method that calls into it, so with
/// --no-register PriorClip.MLNet is loaded only if the model itself needs it.
/// </summary>
internal static class Registration
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    internal static void Register(MLContext mlContext) => PriorClip.MLNet.Transforms.PriorClipTransformersRegistration.RegisterPriorClip(mlContext);
}

internal sealed class CaptionRow
{
    public string Caption { get; set; } = "";
}

internal sealed class PixelRow
{
    public float[] Pixels { get; set; } = [];
}

internal sealed class PathRow
{
    public string ImagePath { get; set; } = "";
}

internal sealed class TokenRow
{
    public int[] Tokens { get; set; } = [];
    public float[] TokenMask { get; set; } = [];
}

/// <summary>Image paths, or token rows with their masks.</summary>
internal sealed record OtherInput(string[]? ImagePaths, int[][]? Tokens, float[][]? Mask);

internal sealed class PixelCaptionRow
{
    public float[] Pixels { get; set; } = [];
    public string Caption { get; set; } = "";
}

/// <summary>Pixel rows, with one caption per row when <see cref="Captions"/> is given.</summary>
internal sealed record PixelInput(int[] Shape, float[][] Pixels, string[]? Captions = null);

internal static class HostInput
{
    internal static IDataView Read(MLContext mlContext, string json)
    {
        if (json.TrimStart().StartsWith('['))
        {
            var captions = JsonSerializer.Deserialize<string[]>(json)!;
            return mlContext.Data.LoadFromEnumerable(captions.Select(c => new CaptionRow { Caption = c }));
        }
        var other = JsonSerializer.Deserialize<OtherInput>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
        if (other.ImagePaths is { } paths)
            return mlContext.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        if (other.Tokens is { } tokens)
        {
            int length = tokens[0].Length;
            var tokenDefinition = SchemaDefinition.Create(typeof(TokenRow));
            tokenDefinition[nameof(TokenRow.Tokens)].ColumnType = new VectorDataViewType(NumberDataViewType.Int32, length);
            tokenDefinition[nameof(TokenRow.TokenMask)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, length);
            return mlContext.Data.LoadFromEnumerable(tokens.Select((t, i) => new TokenRow { Tokens = t, TokenMask = other.Mask![i] }), tokenDefinition);
        }
        var input = JsonSerializer.Deserialize<PixelInput>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        var pixelType = new VectorDataViewType(NumberDataViewType.Single, input.Shape);
        if (input.Captions is { } rowCaptions)
        {
            var both = SchemaDefinition.Create(typeof(PixelCaptionRow));
            both[nameof(PixelCaptionRow.Pixels)].ColumnType = pixelType;
            return mlContext.Data.LoadFromEnumerable(input.Pixels.Select((p, i) => new PixelCaptionRow { Pixels = p, Caption = rowCaptions[i] }), both);
        }
        var definition = SchemaDefinition.Create(typeof(PixelRow));
        definition[nameof(PixelRow.Pixels)].ColumnType = pixelType;
        return mlContext.Data.LoadFromEnumerable(input.Pixels.Select(p => new PixelRow { Pixels = p }), definition);
    }
}

internal static class HostOutput
{
    /// <summary>Column name → one array of numbers per row, for every Int32/Single vector column.</summary>
    internal static Dictionary<string, List<double[]>> Collect(IDataView view)
    {
        var result = new Dictionary<string, List<double[]>>();
        foreach (var column in view.Schema)
        {
            if (column.IsHidden || column.Type is not VectorDataViewType vector)
                continue;
            if (vector.ItemType == NumberDataViewType.Int32)
                result[column.Name] = view.GetColumn<int[]>(column).Select(r => r.Select(v => (double)v).ToArray()).ToList();
            else if (vector.ItemType == NumberDataViewType.Single)
                result[column.Name] = view.GetColumn<float[]>(column).Select(r => r.Select(v => (double)v).ToArray()).ToList();
        }
        return result;
    }
}
