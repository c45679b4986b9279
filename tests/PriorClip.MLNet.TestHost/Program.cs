// Fresh-process model loader used by the round-trip tests.
//   dotnet PriorClip.MLNet.TestHost.dll <model.zip> <captions.json> <output.json> [--no-register]
// Reads a JSON array of captions, loads the model with the standard mlContext.Model.Load (after
// mlContext.RegisterPriorClip() unless --no-register), transforms a "Caption" column and writes every
// Int32/Single vector column of the result as JSON. Errors: exit code 2, "<type>: <message>" on stderr.
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: PriorClip.MLNet.TestHost <model.zip> <captions.json> <output.json> [--no-register]");
    return 1;
}

try
{
    var mlContext = new MLContext(seed: 1);
    if (!args.Contains("--no-register"))
        mlContext.RegisterPriorClip();
    var captions = JsonSerializer.Deserialize<string[]>(File.ReadAllText(args[1]))!;
    var model = mlContext.Model.Load(args[0], out _);
    var data = mlContext.Data.LoadFromEnumerable(captions.Select(c => new CaptionRow { Caption = c }));
    var output = model.Transform(data);
    File.WriteAllText(args[2], JsonSerializer.Serialize(HostOutput.Collect(output)));
    return 0;
}
catch (Exception e)
{
    // The whole chain: ML.NET wraps the interesting message (e.g. the missing loader) as an inner exception.
    for (Exception? x = e; x is not null; x = x.InnerException)
        Console.Error.WriteLine($"{x.GetType().FullName}: {x.Message}");
    return 2;
}

internal sealed class CaptionRow
{
    public string Caption { get; set; } = "";
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
