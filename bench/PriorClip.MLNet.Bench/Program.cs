using System.Globalization;
using System.Text.Json;
using PriorClip.MLNet.Bench;
using PriorClip.MLNet.Modeling.Configs;

// Usage (from the repository root, Release; see bench/README.md):
//   dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- retrieval [--output bench/results/retrieval.md]
//   ... -- retrieval-case <name> <images> <captionsPerImage> <dimension> <workers>   (one case; used by the suite)
//   ... -- complexity [config ...]
//   ... -- step [config] [batch] [steps]
//   ... -- profile [config] [batch]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
static int Int(string[] a, int i, int fallback) => a.Length > i ? int.Parse(a[i], CultureInfo.InvariantCulture) : fallback;
switch (args)
{
    case ["retrieval"]: return RetrievalBenchmarkSuite.Run(outputPath: null);
    case ["retrieval", "--output", var path]: return RetrievalBenchmarkSuite.Run(path);
    case ["retrieval-case", _, _, _, _, _]:
        Console.WriteLine(JsonSerializer.Serialize(RetrievalBenchmarkRunner.Run(RetrievalBenchmarkCase.Parse(args))));
        return 0;
    case ["complexity", ..]:
        ModelingBenchmarks.Complexity(args.Length > 1 ? args[1..] : [.. PriorClipModelConfig.BuiltInNames]);
        return 0;
    case ["step", ..]:
        ModelingBenchmarks.Step(args.Length > 1 ? args[1] : "tiny", Int(args, 2, 64), Int(args, 3, 10));
        return 0;
    case ["profile", ..]:
        ModelingBenchmarks.Profile(args.Length > 1 ? args[1] : "tiny", Int(args, 2, 64));
        return 0;
    default:
        Console.Error.WriteLine("usage: retrieval [--output FILE] | retrieval-case NAME IMAGES CAPTIONS_PER_IMAGE DIMENSION WORKERS | complexity [config ...] | step [config] [batch] [steps] | profile [config] [batch]");
        return 2;
}
