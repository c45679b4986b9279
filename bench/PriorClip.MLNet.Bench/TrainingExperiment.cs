using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Data.Synthetic;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Trainers;

namespace PriorClip.MLNet.Bench;

/// <summary>
/// One training run of the demo's recipe with some settings changed (<c>key=value</c> arguments), validated each
/// epoch and evaluated on the test split at the best validation epoch. The tuning table and the ablation are made
/// of these runs; tuning decisions read the validation column only.
/// </summary>
internal sealed record TrainingExperiment
{
    /// <summary>plain (pooled heads, no prior, no attribution loss) | pae (prior + Spatial-PAE + Temporal-PAE) | full (pae + attribution loss).</summary>
    public string Variant { get; init; } = "full";
    /// <summary>standard | hard synthetic set.</summary>
    public string Set { get; init; } = "standard";
    public int Seed { get; init; } = 42;
    public int Epochs { get; init; } = SyntheticDemo.Epochs;
    public double? LearningRate { get; init; }
    public int? BatchSize { get; init; }
    public CaptionBatching? Batching { get; init; }
    public double? Warmup { get; init; }
    public LearningRateDecay? Decay { get; init; }
    public int? PriorEpochs { get; init; }
    public double? AttributionWeight { get; init; }
    public double? Dropout { get; init; }
    public int? HeadLayers { get; init; }
    public int? TextLayers { get; init; }
    public int? TopK { get; init; }
    public double? Temperature { get; init; }
    public double? WeightDecay { get; init; }
    public double? TripletWeight { get; init; }
    public int? ScenesPerBatch { get; init; }
    public int? ConvsPerStage { get; init; }
    public int[]? StageWidths { get; init; }
    public bool? GridPositions { get; init; }
    public bool? PooledTextHead { get; init; }

    public static TrainingExperiment Parse(IEnumerable<string> arguments)
    {
        var e = new TrainingExperiment();
        foreach (string argument in arguments)
        {
            var (key, value) = argument.Split('=', 2) is [var k, var v] ? (k, v) : throw new ArgumentException($"expected key=value, got '{argument}'");
            double D() => double.Parse(value, CultureInfo.InvariantCulture);
            int I() => int.Parse(value, CultureInfo.InvariantCulture);
            e = key switch
            {
                "variant" => e with { Variant = value is "plain" or "pae" or "full" ? value : throw new ArgumentException($"variant must be plain, pae or full; got '{value}'") },
                "set" => e with { Set = value is "standard" or "hard" ? value : throw new ArgumentException($"set must be standard or hard; got '{value}'") },
                "seed" => e with { Seed = I() },
                "epochs" => e with { Epochs = I() },
                "lr" => e with { LearningRate = D() },
                "batch" => e with { BatchSize = I() },
                "batching" => e with { Batching = Enum.Parse<CaptionBatching>(value.Replace("-", ""), ignoreCase: true) },
                "warmup" => e with { Warmup = D() },
                "decay" => e with { Decay = Enum.Parse<LearningRateDecay>(value, ignoreCase: true) },
                "prior-epochs" => e with { PriorEpochs = I() },
                "attribution" => e with { AttributionWeight = D() },
                "dropout" => e with { Dropout = D() },
                "head-layers" => e with { HeadLayers = I() },
                "text-layers" => e with { TextLayers = I() },
                "top-k" => e with { TopK = I() },
                "temperature" => e with { Temperature = D() },
                "weight-decay" => e with { WeightDecay = D() },
                "triplet" => e with { TripletWeight = D() },
                "scenes" => e with { ScenesPerBatch = I() },
                "grid-positions" => e with { GridPositions = bool.Parse(value) },
                "text-head" => e with { PooledTextHead = value == "pooled" ? true : value == "temporal_pae" ? false : throw new ArgumentException($"text-head must be pooled or temporal_pae; got '{value}'") },
                "convs" => e with { ConvsPerStage = I() },
                "widths" => e with { StageWidths = value.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray() },
                _ => throw new ArgumentException($"unknown setting '{key}' (variant, set, seed, epochs, lr, batch, batching, warmup, decay, prior-epochs, attribution, dropout, head-layers, text-layers, top-k, temperature, weight-decay, triplet, scenes, convs, widths, grid-positions, text-head)"),
            };
        }
        return e;
    }

    /// <summary>The settings that differ from the demo's, as <c>key=value</c> arguments.</summary>
    public IEnumerable<string> ToArguments()
    {
        yield return $"variant={Variant}";
        yield return $"set={Set}";
        yield return $"seed={Seed}";
        yield return $"epochs={Epochs}";
        if (LearningRate is { } lr) yield return $"lr={lr.ToString(CultureInfo.InvariantCulture)}";
        if (BatchSize is { } b) yield return $"batch={b}";
        if (Batching is { } m) yield return $"batching={m}";
        if (Warmup is { } w) yield return $"warmup={w.ToString(CultureInfo.InvariantCulture)}";
        if (Decay is { } d) yield return $"decay={d}";
        if (PriorEpochs is { } p) yield return $"prior-epochs={p}";
        if (AttributionWeight is { } a) yield return $"attribution={a.ToString(CultureInfo.InvariantCulture)}";
        if (Dropout is { } o) yield return $"dropout={o.ToString(CultureInfo.InvariantCulture)}";
        if (HeadLayers is { } h) yield return $"head-layers={h}";
        if (TextLayers is { } tl) yield return $"text-layers={tl}";
        if (TopK is { } k) yield return $"top-k={k}";
        if (Temperature is { } t) yield return $"temperature={t.ToString(CultureInfo.InvariantCulture)}";
        if (WeightDecay is { } wd) yield return $"weight-decay={wd.ToString(CultureInfo.InvariantCulture)}";
        if (ScenesPerBatch is { } sc) yield return $"scenes={sc}";
        if (TripletWeight is { } tw) yield return $"triplet={tw.ToString(CultureInfo.InvariantCulture)}";
        if (ConvsPerStage is { } c) yield return $"convs={c}";
        if (GridPositions is { } gp) yield return $"grid-positions={gp.ToString().ToLowerInvariant()}";
        if (StageWidths is { } sw) yield return $"widths={string.Join(',', sw)}";
        if (PooledTextHead is { } pt) yield return $"text-head={(pt ? "pooled" : "temporal_pae")}";
    }

    /// <summary>The demo's config with this experiment's variant and overrides applied.</summary>
    public PriorClipModelConfig Config()
    {
        var config = PriorClipModelConfig.Load(SyntheticDemo.ModelConfig);
        if (Dropout is { } p)
            config = config with { ImageHead = config.ImageHead with { Dropout = p }, TextHead = config.TextHead with { Dropout = p } };
        if (HeadLayers is { } layers)
            config = config with { ImageHead = config.ImageHead with { Layers = layers }, TextHead = config.TextHead with { Layers = layers } };
        if (AttributionWeight is { } a) config = config with { Loss = config.Loss with { AttributionWeight = a } };
        if (TripletWeight is { } tw) config = config with { Loss = config.Loss with { TripletWeight = tw } };
        if (TextLayers is { } tl) config = config with { Text = config.Text with { Layers = tl } };
        if (TopK is { } k) config = config with { ImageHead = config.ImageHead with { TopK = k } };
        if (ConvsPerStage is { } c) config = config with { Vision = config.Vision with { ConvsPerStage = c } };
        if (StageWidths is { } sw) config = config with { Vision = config.Vision with { StageWidths = sw } };
        if (GridPositions is { } gp) config = config with { Vision = config.Vision with { GridPositions = gp } };
        if (PooledTextHead == true) config = config with { TextHead = new TextHeadConfig { Kind = TextHeadKind.Pooled } };
        if (Temperature is { } t) config = config with { Loss = config.Loss with { InitTemperature = t, InitAttributionTemperature = t } };
        return Variant switch
        {
            "plain" => config with
            {
                Name = config.Name + "-plain",
                Instruction = new InstructionConfig { Source = InstructionSource.None },
                ImageHead = new ImageHeadConfig { Kind = ImageHeadKind.Pooled },
                TextHead = new TextHeadConfig { Kind = TextHeadKind.Pooled },
                Loss = config.Loss with { AttributionWeight = 0 },
            },
            "pae" => config with { Name = config.Name + "-pae", Loss = config.Loss with { AttributionWeight = 0 } },
            _ => config,
        };
    }

    /// <summary>Trains and validates, then tests unless <paramref name="test"/> is false (tuning never looks at test);
    /// prints epoch lines to standard error.</summary>
    public TrainingExperimentResult Run(bool test = true)
    {
        string json = EnsureData(Set);
        var dataset = CaptionDatasetReader.Read(json);
        var ml = new MLContext(Seed);
        var options = SyntheticDemo.TrainerOptions(Epochs, Seed);
        options.ModelConfigObject = Config();
        if (LearningRate is { } lr) options.LearningRate = lr;
        if (BatchSize is { } b) options.BatchSize = b;
        if (Batching is { } m) options.CaptionBatching = m;
        if (Warmup is { } w) options.WarmupFraction = w;
        if (Decay is { } d) options.Decay = d;
        if (PriorEpochs is { } pe) options.PriorEpochs = pe;
        if (WeightDecay is { } wd) options.WeightDecay = wd;
        if (ScenesPerBatch is { } sc) options.ScenesPerBatch = sc;
        options.Progress = new Progress<PriorClipTrainingProgress>(p => { if (p.Phase == TrainingPhase.Validation) Console.Error.WriteLine("  " + p.Message); });
        var clock = Stopwatch.StartNew();
        var (model, trainer) = RetrievalPipeline.Fit(ml, dataset.ToDataView(ml, DatasetSplits.Train), dataset.ToDataView(ml, DatasetSplits.Val), options);
        double seconds = clock.Elapsed.TotalSeconds;
        double? testMeanRecall = test ? RetrievalEvaluation.Run(ml, model, dataset, DatasetSplits.Test).MeanRecall : null;
        var curve = trainer.TrainingHistory.Select(h => h.ValidationMeanRecall ?? double.NaN).ToArray();
        return new TrainingExperimentResult(ToArguments().ToArray(), curve, trainer.BestEpoch + 1, curve.Max(), testMeanRecall, seconds);
    }

    /// <summary>The synthetic set's JSON, generated (seed 42, default size) on first use.</summary>
    static string EnsureData(string set)
    {
        string folder = set == "hard" ? "out/bench/synthetic-hard" : "out/demo/synthetic";
        string json = Path.Combine(folder, SyntheticDatasetGenerator.JsonFileName);
        if (!File.Exists(json))
            SyntheticDatasetGenerator.Generate(folder, HardSet.Options(set == "hard"));
        return json;
    }
}

/// <summary>What a <see cref="TrainingExperiment"/> measured.</summary>
internal sealed record TrainingExperimentResult(string[] Settings, double[] ValidationCurve, int BestEpoch, double BestValidation, double? TestMeanRecall, double TrainSeconds);
