using Microsoft.ML;
using Microsoft.ML.Runtime;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Modeling.Interop;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Trainers.Augmentation;
using PriorClip.MLNet.Trainers.Checkpoints;
using PriorClip.MLNet.Trainers.Data;
using PriorClip.MLNet.Trainers.Diagnostics;
using PriorClip.MLNet.Trainers.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Trainers;

/// <summary>
/// One training run: optional pre-training of the built-in scene classifier, then the retrieval
/// loop with warm-up and decay, gradient clipping, per-epoch validation (best epoch kept, never
/// selected on test), early stopping and atomic checkpoints that a later run can resume.
/// </summary>
internal sealed class PriorClipTrainingSession
{
    public const string LastCheckpointName = "last.ckpt";

    /// <summary>
    /// The checkpoint <c>last.ckpt</c> replaced: a diverging update can spoil the weights before the loss shows it (the
    /// loss turns NaN one step later), so the state of the save before is kept too, and a run killed between the two
    /// renames resumes from it.
    /// </summary>
    public const string PreviousCheckpointName = "previous.ckpt";
    public const string BestWeightsName = "best-model.bin";

    readonly MLContext _ml;
    readonly PriorClipTrainerOptions _options;
    readonly TrainingSet _train;
    readonly TrainingSet? _valid;
    readonly int _seed;
    readonly Device _device;
    readonly MlNetLog _log;
    readonly TrainingAugmentation? _augmentation;
    NoFinalizerRace? _race;
    IReadOnlyList<Parameter>? _trainable;

    public PriorClipTrainingSession(MLContext ml, PriorClipTrainerOptions options, TrainingSet train, TrainingSet? valid, MlNetLog log)
    {
        _ml = ml;
        _options = options;
        _train = train;
        _valid = valid;
        _seed = options.Seed ?? 42;
        _device = TorchDeviceSelector.Select(ml);
        _log = log;
        // Crops are resized back to the model's input size, the size of the cached images.
        _augmentation = options.Augmentation is { } a ? new TrainingAugmentation(a.WithOutputSize(train.ImageSize)) : null;
    }

    /// <summary>Trains and returns the model with the weights of the best validation epoch (or the last one without validation data).</summary>
    public (PriorClipModel Model, TrainingState State) Run(PriorClipModelConfig config, Modeling.Import.PriorCheckpointContents? pretrainedPrior = null)
    {
        // One guard for the whole run, renewed between steps: collections happen only there (see NoFinalizerRace).
        using var race = NoFinalizerRace.Enter();
        _race = race;
        var model = PriorClipModelFactory.Create(config, _seed);
        if (_options.InitialModel is { } initial)
        {
            var (copied, kept) = InitialWeights.Copy(initial, model);
            _log.Info($"initial weights: {copied} tensors copied from model '{initial.Config.Name}', {kept.Count} kept at initialisation" +
                      (kept.Count > 0 ? $" ({string.Join(", ", kept.Take(8))}{(kept.Count > 8 ? ", …" : "")})" : ""));
        }
        if (pretrainedPrior is not null) Modeling.Import.PriorCheckpoint.Load(model.SceneClassifier!, pretrainedPrior);
        if (_options.FreezeTextEncoder) model.SetTextEncoderTrainable(false);
        model.to(_device);
        string? lastPath = _options.CheckpointDirectory is { } dir ? Path.Combine(dir, LastCheckpointName) : null;
        string? bestPath = _options.CheckpointDirectory is { } d ? Path.Combine(d, BestWeightsName) : null;
        string? previousPath = _options.CheckpointDirectory is { } p ? Path.Combine(p, PreviousCheckpointName) : null;
        // A run killed after last.ckpt was renamed to previous.ckpt and before the new last.ckpt landed has only the latter.
        string? resumeFrom = _options.Resume && _options.CheckpointDirectory is { } resumeDirectory ? TrainingCheckpoint.ResumeFile(resumeDirectory) : null;
        bool resuming = resumeFrom is not null;
        if (_options.CheckpointDirectory is { } folder && Directory.Exists(folder))
            RemoveUnfinishedWrites(folder);

        // A fresh run trains the prior first. A resumed run finds the trained prior in the
        // checkpoint (checkpoints are only written once the prior is trained and frozen).
        if (model.SceneClassifier is not null && !resuming && pretrainedPrior is null)
            PretrainPrior(model);

        using var optimizer = AdamWFactory.Create(model, _options.LearningRate, _options.WeightDecay, _options.Beta1, _options.Beta2);
        // The prior is frozen by now, so the trainable set is fixed for the run: list it once, not per step.
        _trainable = model.TrainableParameters();
        var state = new TrainingState();
        if (resuming)
        {
            state = TrainingCheckpoint.Load(resumeFrom!, model, optimizer);
            _log.Info($"Resuming from {resumeFrom}: epoch {state.Epoch + 1}, batch {state.BatchInEpoch}, step {state.GlobalStep}.");
        }

        var batching = _options.CaptionBatching ?? (config.Loss.MultiPositive ? CaptionBatching.Together : CaptionBatching.Apart);
        if (batching == CaptionBatching.ByImage && !config.Loss.MultiPositive)
            throw new InvalidOperationException($"CaptionBatching.ByImage puts all captions of an image in one batch, which needs the multi-positive loss; " +
                $"model config '{config.Name}' has loss.multi_positive = false (with one positive, another caption of the image would be a false negative)");
        bool shareImages = batching == CaptionBatching.ByImage;
        if (_options.ScenesPerBatch < 0)
            throw new ArgumentOutOfRangeException(nameof(PriorClipTrainerOptions.ScenesPerBatch), _options.ScenesPerBatch, "must be 0 (batches mix all classes) or positive");
        if (_options.ScenesPerBatch > 0 && !_train.HasSceneClasses)
            throw new InvalidOperationException($"ScenesPerBatch = {_options.ScenesPerBatch} groups batches by scene class, but the training data has no scene classes " +
                $"(set SceneClassColumnName to a column holding them; now '{_options.SceneClassColumnName ?? "null"}')");
        List<int[]> PlanEpoch(int epoch) => BatchPlanner.Plan(_train.ImageOfCaption, _options.BatchSize, batching, EpochRandom(epoch), _train.SceneOfImage, _options.ScenesPerBatch);
        var builder = new TrainingBatchBuilder(_train, _augmentation, _seed);
        int batchesPerEpoch = PlanEpoch(0).Count;
        long totalSteps = (long)batchesPerEpoch * _options.Epochs;
        var schedule = new LearningRateSchedule(_options.LearningRate, (long)Math.Round(_options.WarmupFraction * totalSteps), totalSteps, _options.Decay);
        Dictionary<string, Tensor>? bestWeights = resuming && bestPath is not null && File.Exists(bestPath) ? ReadWeights(bestPath, config) : null;

        for (int epoch = state.Epoch; epoch < _options.Epochs; epoch++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var plan = PlanEpoch(epoch);
            double lossSum = 0;
            int lossCount = 0;
            var profile = _options.StepProfile;
            profile?.BeginEpoch();
            using (var producer = new BatchProducer(state.BatchInEpoch, plan.Count, i => builder.Captions(plan[i], epoch, shareImages),
                                                    _options.PrefetchBatches, _options.CancellationToken))
            {
                profile?.Begin();
                foreach (var (index, batch) in producer.Batches())
                {
                    profile?.Mark(StepPhase.WaitForBatch);
                    double rate = schedule.RateAt(state.GlobalStep);
                    double loss = TrainStep(model, optimizer, batch, rate, state.GlobalStep);
                    int rows = batch.Count, images = batch.ImageCount;
                    builder.Return(batch);
                    lossSum += loss;
                    lossCount++;
                    state.GlobalStep++;
                    state.BatchInEpoch = index + 1;
                    _options.Progress?.Report(new PriorClipTrainingProgress(TrainingPhase.Retrieval, epoch, _options.Epochs, index + 1, plan.Count,
                        loss, rate, null, $"epoch {epoch + 1}/{_options.Epochs} batch {index + 1}/{plan.Count} loss {loss:F4} lr {rate:E2}"));
                    if (lastPath is not null && _options.CheckpointEveryBatches > 0 && state.BatchInEpoch % _options.CheckpointEveryBatches == 0
                        && state.BatchInEpoch < plan.Count)
                        SaveCheckpoint(lastPath, previousPath!, model, optimizer, state);
                    profile?.Mark(StepPhase.HostOverhead);
                    profile?.EndStep(rows, images);
                }
            }
            profile?.EndEpoch();

            double? score = null;
            if (_valid is not null)
            {
                score = Validate(model);
                if (score > state.BestScore)
                {
                    state.BestScore = score.Value;
                    state.BestEpoch = epoch;
                    state.EpochsWithoutImprovement = 0;
                    DisposeWeights(bestWeights);
                    bestWeights = CopyWeights(model);
                    if (bestPath is not null) AtomicFile.Write(bestPath, s => { using var w = new BinaryWriter(s); model.save(w); });
                }
                else
                {
                    state.EpochsWithoutImprovement++;
                }
            }
            double meanLoss = lossCount > 0 ? lossSum / lossCount : double.NaN;
            state.History.Add(new EpochRecord(epoch, meanLoss, score, clock.Elapsed.TotalSeconds));
            state.Epoch = epoch + 1;
            state.BatchInEpoch = 0;
            if (lastPath is not null) SaveCheckpoint(lastPath, previousPath!, model, optimizer, state);

            string summary = $"epoch {epoch + 1}/{_options.Epochs}: train loss {meanLoss:F4}"
                + (score is { } s ? $", validation mR {s:F2} (best {state.BestScore:F2} at epoch {state.BestEpoch + 1})" : "")
                + $", {clock.Elapsed.TotalSeconds:F1} s";
            _log.Info(summary);
            _options.Progress?.Report(new PriorClipTrainingProgress(TrainingPhase.Validation, epoch, _options.Epochs, plan.Count, plan.Count,
                meanLoss, null, score, summary));

            if (_options.EarlyStoppingPatience > 0 && state.EpochsWithoutImprovement >= _options.EarlyStoppingPatience)
            {
                _log.Info($"Early stop: no validation improvement for {state.EpochsWithoutImprovement} epochs.");
                break;
            }
        }

        if (bestWeights is not null)
        {
            model.load_state_dict(bestWeights);
            DisposeWeights(bestWeights);
        }
        model.eval();
        return (model, state);
    }

    double TrainStep(PriorClipModel model, OptimizerHelper optimizer, TrainingBatch batch, double rate, long step)
    {
        var profile = _options.StepProfile;
        _race!.Renew();
        profile?.Mark(StepPhase.RaceGuard);
        float loss;
        try
        {
            using var scope = torch.NewDisposeScope();
            // Dropout draws depend on the step alone, so a resumed run repeats them exactly.
            torch.manual_seed(_seed * 1_000_003L + step);
            AdamWFactory.SetLearningRate(optimizer, rate);
            model.train();
            int size = _train.ImageSize, length = batch.TokenLength;
            var pixels = PixelNormalization.Clip.Apply(HostTensor.Copy(batch.Pixels, [batch.ImageCount, 3, size, size], _device));
            var instruction = batch.Instructions is { } p ? HostTensor.Copy(p, [batch.ImageCount, _train.InstructionWidth], _device) : null;
            var tokens = HostTensor.Copy(batch.Tokens, [batch.Count, length], _device);
            var mask = HostTensor.Copy(batch.Mask, [batch.Count, length], _device);
            var imageIds = HostTensor.Copy(batch.ImageIds, [batch.Count], _device);
            var sceneIds = _train.HasSceneClasses ? HostTensor.Copy(batch.SceneIds, [batch.Count], _device) : null;
            var rowImages = batch.SharesImages ? HostTensor.Copy(batch.RowImage, [batch.Count], _device) : null;
            optimizer.zero_grad();
            profile?.Mark(StepPhase.ToTensors);
            using var parts = model.ComputeLoss(pixels, instruction, tokens, mask, imageIds, sceneIds, rowImages);
            profile?.Mark(StepPhase.Forward);
            // Checked before the update, so a non-finite loss never reaches the weights (or a checkpoint).
            loss = parts.Total.item<float>();
            if (!float.IsFinite(loss))
                throw new InvalidOperationException(
                    $"training diverged at step {step + 1}: the loss is {loss} before the update, which was not applied " +
                    $"(try a lower LearningRate, now {rate:E2}; checkpoints already written stay as they are: if last.ckpt's weights are already bad, " +
                    $"resume from {PreviousCheckpointName}, the save before it, by renaming it to {LastCheckpointName})");
            parts.Total.backward();
            profile?.Mark(StepPhase.Backward);
            // The norm of all gradients, clipped where GradientClipNorm asks for it (an infinite bound only measures).
            double norm = torch.nn.utils.clip_grad_norm_(_trainable!, _options.GradientClipNorm > 0 ? _options.GradientClipNorm : double.PositiveInfinity);
            if (double.IsFinite(norm))
            {
                optimizer.step();
                model.ClampLogitScales();
                _nonFiniteGradientSteps = 0;
            }
            else
            {
                optimizer.zero_grad();
                _nonFiniteGradientSteps++;
                _log.Warning($"step {step + 1}: gradient norm is {norm}; the step was skipped ({_nonFiniteGradientSteps} in a row).");
                if (_nonFiniteGradientSteps >= MaxNonFiniteGradientSteps)
                    throw new InvalidOperationException(
                        $"training diverged at step {step + 1}: {MaxNonFiniteGradientSteps} steps in a row had non-finite gradients and were skipped, " +
                        $"so the weights are those before them (try a lower LearningRate, now {rate:E2}, and --resume)");
            }
            profile?.Mark(StepPhase.Optimizer);
        }
        finally
        {
            profile?.Mark(StepPhase.HostOverhead);
        }
        return loss;
    }

    // A single step with an overflowing gradient is skipped, as mixed-precision loss scalers do; this many in a row
    // means training has left the numeric range for good.
    const int MaxNonFiniteGradientSteps = 5;
    int _nonFiniteGradientSteps;

    void PretrainPrior(PriorClipModel model)
    {
        var classifier = model.SceneClassifier!;
        if (!_train.HasSceneClasses)
            throw new InvalidOperationException($"model config '{model.Config.Name}' trains a scene classifier as its visual prior, which needs scene classes: set SceneClassColumnName");
        if (_options.PriorEpochs == 0)
        {
            _log.Warning("PriorEpochs = 0: the built-in scene classifier keeps its random weights.");
            return;
        }
        classifier.Unfreeze();
        var labelled = Enumerable.Range(0, _train.ImageCount).Where(i => _train.SceneOfImage[i] >= 0).ToArray();
        var builder = new TrainingBatchBuilder(_train, _augmentation, _seed);
        using var optimizer = AdamWFactory.Create(classifier, _options.PriorLearningRate, _options.WeightDecay, _options.Beta1, _options.Beta2);
        for (int epoch = 0; epoch < _options.PriorEpochs; epoch++)
        {
            var plan = BatchPlanner.Plan(labelled, _options.BatchSize, CaptionBatching.Together, EpochRandom(-1 - epoch))
                .Select(rows => rows.Select(r => labelled[r]).ToArray()).ToList();
            double lossSum = 0;
            int correct = 0;
            using var producer = new BatchProducer(0, plan.Count, i => builder.Images(plan[i], epoch), _options.PrefetchBatches, _options.CancellationToken);
            foreach (var (index, batch) in producer.Batches())
            {
                _race!.Renew();
                using var scope = torch.NewDisposeScope();
                int size = _train.ImageSize;
                var pixels = PixelNormalization.Clip.Apply(HostTensor.Copy(batch.Pixels, [batch.ImageCount, 3, size, size], _device));
                var labels = HostTensor.Copy(batch.SceneIds, [batch.Count], _device);
                int count = batch.Count;
                builder.Return(batch);
                optimizer.zero_grad();
                var logits = classifier.Logits(pixels);
                var loss = torch.nn.functional.cross_entropy(logits, labels);
                loss.backward();
                optimizer.step();
                float value = loss.item<float>();
                lossSum += value * count;
                correct += (int)logits.argmax(1).eq(labels).sum().item<long>();
                _options.Progress?.Report(new PriorClipTrainingProgress(TrainingPhase.Prior, epoch, _options.PriorEpochs, index + 1, plan.Count,
                    value, _options.PriorLearningRate, null, $"prior epoch {epoch + 1}/{_options.PriorEpochs} batch {index + 1}/{plan.Count} loss {value:F4}"));
            }
            _log.Info($"prior epoch {epoch + 1}/{_options.PriorEpochs}: loss {lossSum / labelled.Length:F4}, train accuracy {100.0 * correct / labelled.Length:F1} %");
        }
        classifier.Freeze();
    }

    double Validate(PriorClipModel model)
    {
        var valid = _valid!;
        var encoder = new PriorClipBatchEncoder(model, PixelNormalization.Clip, _device, _options.EvaluationBatchSize);
        var images = encoder.EncodeImages(valid.ImageCount, valid.CopyPixels,
            valid.InstructionWidth > 0 ? (i, destination) => valid.Instructions[i].CopyTo(destination) : null);
        var texts = encoder.EncodeTexts(valid.CaptionCount, valid.TokenLength, valid.CopyTokens);
        var metrics = _ml.Retrieval().Evaluate(
            new EmbeddingMatrix(images, valid.ImageCount, encoder.Dimension),
            new EmbeddingMatrix(texts, valid.CaptionCount, encoder.Dimension),
            valid.ImageOfCaption, options: new RetrievalEvaluatorOptions { EmbeddingsAreNormalized = true });
        return metrics.MeanRecall;
    }

    /// <summary>Keeps the checkpoint being replaced as previous.ckpt (a rename), then writes last.ckpt atomically.</summary>
    static void SaveCheckpoint(string lastPath, string previousPath, nn.Module model, OptimizerHelper optimizer, TrainingState state)
    {
        if (File.Exists(lastPath)) File.Move(lastPath, previousPath, overwrite: true);
        TrainingCheckpoint.Save(lastPath, model, optimizer, state);
    }

    /// <summary>
    /// Deletes temporary files of checkpoint writes that a killed run left behind; the files under
    /// their final names are complete (they are only ever renamed into place).
    /// </summary>
    static void RemoveUnfinishedWrites(string folder)
    {
        foreach (var name in new[] { LastCheckpointName, BestWeightsName })
            foreach (var file in Directory.GetFiles(folder, $".{name}.*.tmp"))
                File.Delete(file);
    }

    Random EpochRandom(int epoch) => TrainingAugmentation.SampleRandom(_seed, epoch, -1);

    static Dictionary<string, Tensor> CopyWeights(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    static void DisposeWeights(Dictionary<string, Tensor>? weights)
    {
        if (weights is null) return;
        foreach (var t in weights.Values) t.Dispose();
    }

    /// <summary>Reads weights saved by <c>Module.save</c> through a scratch model of the same config.</summary>
    Dictionary<string, Tensor> ReadWeights(string path, PriorClipModelConfig config)
    {
        using var scratch = PriorClipModelFactory.Create(config);
        using (var reader = new BinaryReader(File.OpenRead(path))) scratch.load(reader, strict: true);
        scratch.to(_device);
        return CopyWeights(scratch);
    }
}
