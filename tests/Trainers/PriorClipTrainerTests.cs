using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Trainers;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Embedding;

namespace PriorClip.MLNet.Tests.Trainers;

[Collection(LibTorchCollection.Name)]
public class PriorClipTrainerTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-trainer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static PriorClipTrainerOptions Options(int epochs = 3) => new()
    {
        ModelConfigObject = TinyRetrievalData.Config(),
        Epochs = epochs,
        BatchSize = 8,
        LearningRate = 3e-3,
        PriorEpochs = 1,
        Seed = 5,
        EvaluationBatchSize = 16,
    };

    static float[][] Embeddings(IDataView data, string column) =>
        data.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToArray();

    [Fact]
    public void FitTrainsValidatesAndReturnsAnEncoderOfUnitVectors()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add($"{e.Source}: {e.Message}"); };
        var (train, valid) = TinyRetrievalData.Tokenized(ml, TinyRetrievalData.Rows(16, 1), TinyRetrievalData.Rows(8, 2));
        var reports = new List<PriorClipTrainingProgress>();
        var options = Options();
        options.Progress = new SynchronousProgress(reports.Add);
        var trainer = ml.Retrieval().Trainers.PriorClip(options);

        var model = trainer.Fit(train, valid);

        Assert.Equal(3, trainer.TrainingHistory.Count);
        Assert.All(trainer.TrainingHistory, e => Assert.True(double.IsFinite(e.TrainLoss) && e.ValidationMeanRecall is >= 0 and <= 100));
        Assert.InRange(trainer.BestEpoch, 0, 2);
        Assert.Equal(trainer.TrainingHistory.Max(e => e.ValidationMeanRecall), trainer.TrainingHistory[trainer.BestEpoch].ValidationMeanRecall);
        Assert.Contains(reports, r => r.Phase == TrainingPhase.Prior);
        Assert.Equal(3, reports.Count(r => r.Phase == TrainingPhase.Validation));
        Assert.Contains(messages, m => m.StartsWith(nameof(PriorClipTrainer)) && m.Contains("epoch 3/3: train loss"));
        Assert.Equal(["blue", "green", "red", "yellow"], model.SceneClasses.Order());

        var encoded = model.Transform(valid);
        foreach (var column in new[] { "ImageEmbedding", "TextEmbedding" })
            Assert.All(Embeddings(encoded, column), v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
    }

    [Fact]
    public void ImageMajorBatchesTrainAndNeedTheMultiPositiveLoss()
    {
        var ml = new MLContext(seed: 1);
        var (train, valid) = TinyRetrievalData.Tokenized(ml, TinyRetrievalData.Rows(12, 1), TinyRetrievalData.Rows(4, 2));
        var options = Options(2);
        options.CaptionBatching = CaptionBatching.ByImage;
        var trainer = ml.Retrieval().Trainers.PriorClip(options);
        trainer.Fit(train, valid);
        Assert.Equal(2, trainer.TrainingHistory.Count);
        Assert.All(trainer.TrainingHistory, e => Assert.True(double.IsFinite(e.TrainLoss) && e.ValidationMeanRecall is >= 0 and <= 100));

        var single = Options(1);
        single.CaptionBatching = CaptionBatching.ByImage;
        single.ModelConfigObject = TinyRetrievalData.Config() with { Loss = TinyRetrievalData.Config().Loss with { MultiPositive = false } };
        var error = Assert.ThrowsAny<Exception>(() => ml.Retrieval().Trainers.PriorClip(single).Fit(train));
        Assert.Contains("loss.multi_positive = false", error.Message);
    }

    [Fact]
    public void SameSeedGivesIdenticalModels()
    {
        var ml = new MLContext(seed: 1);
        var (train, valid) = TinyRetrievalData.Tokenized(ml, TinyRetrievalData.Rows(12, 1), TinyRetrievalData.Rows(4, 2));
        var a = ml.Retrieval().Trainers.PriorClip(Options(2)).Fit(train).Transform(valid);
        var b = ml.Retrieval().Trainers.PriorClip(Options(2)).Fit(train).Transform(valid);
        Assert.Equal(Embeddings(a, "ImageEmbedding"), Embeddings(b, "ImageEmbedding"));
        Assert.Equal(Embeddings(a, "TextEmbedding"), Embeddings(b, "TextEmbedding"));
    }

    [Fact]
    public void InterruptedRunResumesFromItsCheckpointToTheSameModel()
    {
        var ml = new MLContext(seed: 1);
        var (train, valid) = TinyRetrievalData.Tokenized(ml, TinyRetrievalData.Rows(12, 1), TinyRetrievalData.Rows(4, 2));
        var uninterrupted = Options();
        uninterrupted.CheckpointDirectory = Path.Combine(_dir, "a");
        var expected = ml.Retrieval().Trainers.PriorClip(uninterrupted).Fit(train, valid).Transform(valid);

        using var stop = new CancellationTokenSource();
        var interrupted = Options();
        interrupted.CheckpointDirectory = Path.Combine(_dir, "b");
        interrupted.CheckpointEveryBatches = 1;
        interrupted.CancellationToken = stop.Token;
        // Cancel in the middle of the second epoch.
        interrupted.Progress = new SynchronousProgress(p => { if (p.Phase == TrainingPhase.Retrieval && p.Epoch == 1 && p.Batch == 2) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => ml.Retrieval().Trainers.PriorClip(interrupted).Fit(train, valid));
        Assert.True(File.Exists(Path.Combine(interrupted.CheckpointDirectory, "last.ckpt")));
        Assert.Empty(Directory.GetFiles(interrupted.CheckpointDirectory, "*.tmp"));

        var resumed = Options();
        resumed.CheckpointDirectory = interrupted.CheckpointDirectory;
        resumed.Resume = true;
        var trainer = ml.Retrieval().Trainers.PriorClip(resumed);
        var actual = trainer.Fit(train, valid).Transform(valid);
        Assert.Equal(3, trainer.TrainingHistory.Count);
        Assert.Equal(Embeddings(expected, "ImageEmbedding"), Embeddings(actual, "ImageEmbedding"));
        Assert.Equal(Embeddings(expected, "TextEmbedding"), Embeddings(actual, "TextEmbedding"));
    }

    [Fact]
    public void MissingVocabularySizeAndWrongPixelSizeAreNamed()
    {
        var ml = new MLContext(seed: 1);
        // Token ids that did not come from PriorClipTokenize carry no vocabulary size.
        var unannotated = ml.Data.LoadFromEnumerable(TinyRetrievalData.Rows(4, 1).Select(r => new PreTokenizedRow
        {
            Pixels = r.Pixels, ImageId = r.ImageId, SceneClass = r.SceneClass, Tokens = [2, 5, 6, 3], TokenMask = [1, 1, 1, 1],
        }));
        var error = Assert.Throws<ArgumentException>(() => ml.Retrieval().Trainers.PriorClip(Options(1)).Fit(unannotated));
        Assert.Contains("VocabularySize", error.Message);

        var options = Options(1);
        options.ModelConfigObject = TinyRetrievalData.Config() with { Vision = TinyRetrievalData.Config().Vision with { ImageSize = 64 } };
        var (train, _) = TinyRetrievalData.Tokenized(ml, TinyRetrievalData.Rows(4, 1), TinyRetrievalData.Rows(4, 2));
        var sizeError = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Retrieval().Trainers.PriorClip(options).Fit(train));
        Assert.Contains("input column 'Pixels' has type Vector<Single, 3072>, but a Vector<Single, 12288>", sizeError.Message);
        Assert.Contains("64×64", sizeError.Message);
    }

    [Fact]
    public void EarlyStoppingEndsTrainingWhenValidationStopsImproving()
    {
        var ml = new MLContext(seed: 1);
        var (train, valid) = TinyRetrievalData.Tokenized(ml, TinyRetrievalData.Rows(8, 1), TinyRetrievalData.Rows(4, 2));
        var options = Options(epochs: 5);
        // With a learning rate this small only BatchNorm's running statistics move, so validation soon stalls.
        options.LearningRate = 1e-12;
        options.PriorEpochs = 0;
        options.EarlyStoppingPatience = 1;
        var trainer = ml.Retrieval().Trainers.PriorClip(options);
        trainer.Fit(train, valid);

        // Training stops right after the first epoch that does not beat every earlier one, and
        // (with these settings, deterministically) that happens before the last epoch.
        var scores = trainer.TrainingHistory.Select(e => e.ValidationMeanRecall!.Value).ToList();
        int firstStall = Enumerable.Range(1, scores.Count - 1).First(e => scores[e] <= scores.Take(e).Max());
        Assert.Equal(firstStall + 1, scores.Count);
        Assert.True(scores.Count < 5);
        Assert.Equal(scores.IndexOf(scores.Max()), trainer.BestEpoch);
    }

    [Fact]
    public void MissingAndMistypedTrainingColumnsAreNamed()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = TinyRetrievalData.Tokenized(ml, TinyRetrievalData.Rows(4, 1), TinyRetrievalData.Rows(4, 2));
        var withoutId = ml.Transforms.DropColumns("ImageId").Fit(train).Transform(train);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Retrieval().Trainers.PriorClip(Options(1)).Fit(withoutId));
        Assert.Contains("PriorClipTrainer: input column 'ImageId' not found", missing.Message);

        var options = Options(1);
        options.SceneClassColumnName = "Caption";
        options.ImageIdColumnName = "Tokens";
        var mistyped = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Retrieval().Trainers.PriorClip(options).Fit(train));
        Assert.Contains("input column 'Tokens' has type Vector<Int32, 12>, but a String (text) column is required", mistyped.Message);
    }

    sealed class PreTokenizedRow
    {
        [VectorType(3 * TinyRetrievalData.Size * TinyRetrievalData.Size)] public float[] Pixels { get; set; } = [];
        [VectorType(4)] public int[] Tokens { get; set; } = [];
        [VectorType(4)] public float[] TokenMask { get; set; } = [];
        public string ImageId { get; set; } = "";
        public string SceneClass { get; set; } = "";
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SynchronousProgress(Action<PriorClipTrainingProgress> report) : IProgress<PriorClipTrainingProgress>
    {
        public void Report(PriorClipTrainingProgress value) => report(value);
    }
}
