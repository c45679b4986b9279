using System.Globalization;
using System.Text.Json;
using PriorClip.MLNet.Bench;
using PriorClip.MLNet.Modeling.Configs;

// Usage (from the repository root, Release; see bench/README.md):
//   dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- retrieval [--output bench/results/retrieval.md]
//   ... -- suite [--fresh | --report]   (every case of docs/benchmarks.md, each in a child process; writes docs/benchmarks.md and .json)
//   ... -- suite-case NAME   (one case of the suite, its result as one JSON line)
//   ... -- retrieval-case <name> <images> <captionsPerImage> <dimension> <workers>   (one case; used by the suite)
//   ... -- complexity [config ...]
//   ... -- step [config] [batch] [steps]
//   ... -- profile [config] [batch]
//   ... -- tune LABEL [key=value ...]   (one training run, a row of bench/results/tuning.md)
//   ... -- ablation [--seeds 1,2,3] [--epochs N]   (3 variants x seeds x 2 sets; docs/ablation.md)
//   ... -- experiment [key=value ...]   (one training run, its result as JSON; used by the ablation)
//   ... -- index [--rows N] [--dim D] [--queries Q] [--storage Float32|Float16|Int8]   (HNSW against brute force; bench/results/index.md)
//   ... -- onnx-gpu [--device N] [--output bench/results/onnx-gpu.md]   (exported encoders on ONNX Runtime CPU vs CUDA; needs the GPU build: bench/gpu/onnx-gpu.sh)
//   ... -- training-profile LABEL [--batching together|apart|by-image] [--output bench/results/step-profile.md] [--data out/demo/synthetic]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
static int Int(string[] a, int i, int fallback) => a.Length > i ? int.Parse(a[i], CultureInfo.InvariantCulture) : fallback;
switch (args)
{
    case ["suite", ..]:
        return PriorClip.MLNet.Bench.Suite.BenchmarkSuite.Run(args.Contains("--fresh"), args.Contains("--report"), "docs/benchmarks.md", "docs/benchmarks.json");
    case ["suite-case", var name]:
        return PriorClip.MLNet.Bench.Suite.BenchmarkSuite.RunCase(name);
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
    case ["training-profile", var label, ..]:
    {
        string Opt(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        string batching = Opt("--batching", "default");
        return TrainingProfileBenchmark.Run(label, Opt("--output", "bench/results/step-profile.md"), Opt("--data", "out/demo/synthetic"),
            batching == "default" ? null : Enum.Parse<PriorClip.MLNet.Trainers.CaptionBatching>(batching.Replace("-", ""), ignoreCase: true));
    }
    case ["tune", var label, .. var settings]:
        return TuningTable.Run(label, settings, "bench/results/tuning.md");
    case ["ablation", ..]:
    {
        string Opt(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        int[] seeds = Opt("--seeds", "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return AblationSuite.Run(seeds, int.Parse(Opt("--epochs", "3"), CultureInfo.InvariantCulture), "out/bench/ablation", "docs/ablation.md", "bench/results/ablation.json");
    }
    case ["index", ..]:
    {
        string Opt(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        return IndexBenchmark.Run(int.Parse(Opt("--rows", "100000"), CultureInfo.InvariantCulture), int.Parse(Opt("--dim", "128"), CultureInfo.InvariantCulture),
            int.Parse(Opt("--queries", "200"), CultureInfo.InvariantCulture), Enum.Parse<PriorClip.MLNet.Search.IndexStorage>(Opt("--storage", "Float32"), ignoreCase: true),
            Opt("--output", "bench/results/index.md"));
    }
    case ["onnx-gpu", ..]:
    {
        string Opt(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        return OnnxGpuBenchmark.Run(Opt("--output", "bench/results/onnx-gpu.md"), int.Parse(Opt("--device", "0"), CultureInfo.InvariantCulture));
    }
    case ["experiment", .. var settings]:
        Console.WriteLine(JsonSerializer.Serialize(TrainingExperiment.Parse(settings).Run()));
        return 0;
    default:
        Console.Error.WriteLine("usage: suite [--fresh | --report] | suite-case NAME | retrieval [--output FILE] | retrieval-case NAME IMAGES CAPTIONS_PER_IMAGE DIMENSION WORKERS | complexity [config ...] | step [config] [batch] [steps] | profile [config] [batch] | training-profile LABEL [--batching B] [--output FILE] [--data FOLDER] | tune LABEL [key=value ...] | experiment [key=value ...] | ablation [--seeds S,S,S] [--epochs N] | index [--rows N] [--dim D] [--queries Q] [--storage S] | onnx-gpu [--device N] [--output FILE]");
        return 2;
}
