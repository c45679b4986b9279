namespace PriorClip.MLNet.Bench;

/// <summary>What one benchmark process measured (serialised as one JSON line on stdout).</summary>
internal sealed record RetrievalBenchmarkResult(
    string Name,
    int Images,
    int Captions,
    int Dimension,
    int Workers,
    double EvaluateSeconds,
    double EvaluateCpuSeconds,
    double RankingDataSeconds,
    double InputMegabytes,
    double AllocatedMegabytes,
    double BaselineWorkingSetMegabytes,
    double PeakWorkingSetMegabytes,
    double DenseScoreMatrixMegabytes,
    string Summary);
