using System.Text.Json;
using PriorClip.MLNet.Bench;

// Usage (from the repository root; see bench/README.md):
//   dotnet run -c Release --project bench/PriorClip.MLNet.Bench -- retrieval [--output bench/results/retrieval.md]
//   ... -- retrieval-case <name> <images> <captionsPerImage> <dimension> <workers>   (one case; used by the suite)
return args switch
{
    ["retrieval"] => RetrievalBenchmarkSuite.Run(outputPath: null),
    ["retrieval", "--output", var path] => RetrievalBenchmarkSuite.Run(path),
    ["retrieval-case", _, _, _, _, _] => RunCase(args),
    _ => Usage(),
};

static int RunCase(string[] args)
{
    RetrievalBenchmarkResult result = RetrievalBenchmarkRunner.Run(RetrievalBenchmarkCase.Parse(args));
    Console.WriteLine(JsonSerializer.Serialize(result));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: retrieval [--output FILE] | retrieval-case NAME IMAGES CAPTIONS_PER_IMAGE DIMENSION WORKERS");
    return 2;
}
