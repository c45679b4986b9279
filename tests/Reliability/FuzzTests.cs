using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Data.Images;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Data.Images;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Persistence;
using Xunit.Abstractions;

namespace PriorClip.MLNet.Tests.Reliability;

/// <summary>
/// Thousands of seeded, damaged copies of valid files fed to the readers: every failure is one of the documented
/// exception types, with a message that names the file, and nothing hangs.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>What the readers document for bad content (the CLI turns each into one line and exit code 1).</summary>
    static readonly Type[] Documented = [typeof(DatasetFormatException), typeof(InvalidDataException), typeof(PriorClipModelFormatException)];
    static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs <paramref name="read"/> on <paramref name="count"/> mutations of <paramref name="valid"/>; returns how many were refused.</summary>
    int Fuzz(string name, byte[] valid, int count, int seed, Action<string> read, Func<byte[], Random, byte[]>? mutate = null)
    {
        var random = new Random(seed);
        int refused = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            string path = Path.Combine(_dir, $"{name}-{i}{Path.GetExtension(name)}");
            var bytes = (mutate ?? Mutations.Mutate)(valid, random);
            File.WriteAllBytes(path, bytes);
            var task = Task.Run(() => read(path));
            try
            {
                Assert.True(task.Wait(PerInput), $"{name} #{i}: the reader did not return within {PerInput.TotalSeconds} s");
            }
            catch (AggregateException e) when (e.InnerException is { } inner)
            {
                Assert.True(Documented.Contains(inner.GetType()),
                    $"{name} #{i} ({bytes.Length} bytes, kept as {path}.bad): undocumented {inner.GetType().Name}: {inner.Message}");
                Assert.Contains(Path.GetFileName(path), inner.Message);
                refused++;
            }
            finally
            {
                if (task.IsCompleted && task.IsFaulted && !Documented.Contains(task.Exception!.InnerException!.GetType())) File.Copy(path, path + ".bad", true);
                else if (task.IsCompleted) File.Delete(path);
            }
        }
        output.WriteLine($"{name}: {count} mutations, {refused} refused, {count - refused} read, {clock.Elapsed.TotalSeconds:F1} s");
        return refused;
    }

    static T Within<T>(Func<T> work, string what)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(PerInput), $"{what}: no answer within {PerInput.TotalSeconds} s");
        return task.Result;
    }

    string WriteSeed(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static byte[] KarpathyJson() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        images = Enumerable.Range(0, 6).Select(i => new
        {
            filename = $"harbor_{i}.png", split = i < 4 ? "train" : "test",
            sentences = new[] { new { raw = $"boats in harbour {i}" }, new { raw = "a pier in the water" } },
        }),
    });

    // Entries may refer to images that do not exist: this is about the file's own content.
    static readonly DatasetReadOptions KeepMissing = new() { MissingImages = MissingImagePolicy.Keep };

    [Fact]
    public void DamagedDatasetFilesFailOnlyWithTheDatasetError()
    {
        CaptionDatasetReader.Read(WriteSeed("seed.json", KarpathyJson()), KeepMissing);
        int json = Fuzz("dataset.json", KarpathyJson(), 1500, seed: 1, p => CaptionDatasetReader.Read(p, KeepMissing));
        var csv = "filepath,title\n"u8.ToArray().Concat(Enumerable.Range(0, 8).SelectMany(i => System.Text.Encoding.UTF8.GetBytes($"harbor_{i}.png,boats in harbour {i}\n"))).ToArray();
        var csvOptions = new DatasetReadOptions { MissingImages = MissingImagePolicy.Keep, Split = DatasetSplits.Train };
        CaptionDatasetReader.Read(WriteSeed("seed.csv", csv), csvOptions); // the seed itself reads
        int fromCsv = Fuzz("dataset.csv", csv, 800, seed: 2, p => CaptionDatasetReader.Read(p, csvOptions));
        Assert.True(json > 0 && fromCsv > 0 && json < 1500 && fromCsv < 800, "some mutations must be refused and some read, or the fuzzer is not reaching the parsers");
    }

    [Fact]
    public void DamagedNpyFilesFailOnlyWithInvalidData()
    {
        string valid = Path.Combine(_dir, "valid.npy");
        NpyFile.WriteEmbeddingMatrix(valid, new EmbeddingMatrix(Enumerable.Range(0, 40 * 8).Select(i => (float)Math.Sin(i)).ToArray(), 40, 8));
        Assert.True(Fuzz("images.npy", File.ReadAllBytes(valid), 1500, seed: 3, p => NpyFile.ReadEmbeddingMatrix(p)) > 0);
    }

    [Fact]
    public void DamagedModelFilesFailOnlyWithTheModelFormatError()
    {
        var demo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip"));
        // Inspect reads the zip, the headers and every blob's length and SHA-256 without building the model.
        Assert.True(Fuzz("model.zip", demo, 120, seed: 4, p => PriorClipModelFile.Inspect(p)) > 0);
        var ml = new MLContext(seed: 1).RegisterPriorClip();
        Fuzz("model-load.zip", demo, 30, seed: 5, p => PriorClipModelFile.Load(ml, p, out _));
    }

    [Fact]
    public void DamagedImagesAreReportedNeverThrown()
    {
        var png = RawPng.Solid(32, 32, RawPng.Rgb, 8, [10, 120, 200]);
        var random = new Random(6);
        int reported = 0;
        for (int i = 0; i < 800; i++)
        {
            string path = Path.Combine(_dir, $"image-{i}.png");
            File.WriteAllBytes(path, Mutations.Mutate(png, random));
            if (Within(() => ImageFileCheck.Check(path), $"image #{i}") is { } problem)
            {
                Assert.Equal(path, problem.Path);
                Assert.False(string.IsNullOrWhiteSpace(problem.Reason));
                reported++;
            }
        }
        output.WriteLine($"images: 800 mutations, {reported} reported unusable");
        Assert.True(reported > 0);
    }

    [Fact]
    public void DamagedCheckpointsFailOnlyWithInvalidData()
    {
        // A training checkpoint of tiny, written by the trainer's own writer, loaded back into a fresh model and optimizer.
        using var model = PriorClip.MLNet.Modeling.PriorClipModelFactory.Create("tiny", seed: 1);
        using var optimizer = PriorClip.MLNet.Trainers.Optimization.AdamWFactory.Create(model, 1e-3, 0.01, 0.9, 0.999);
        string valid = Path.Combine(_dir, "last.ckpt");
        PriorClip.MLNet.Trainers.Checkpoints.TrainingCheckpoint.Save(valid, model, optimizer, new PriorClip.MLNet.Trainers.Checkpoints.TrainingState());
        Assert.True(Fuzz("last.ckpt", File.ReadAllBytes(valid), 12, seed: 7, p => PriorClip.MLNet.Trainers.Checkpoints.TrainingCheckpoint.Load(p, model, optimizer)) > 0);
        // A PyTorch-written open_clip state dict, read as the importer reads it.
        var pt = File.ReadAllBytes(Import.CheckpointFixtures.Path("vit_open_clip.pt"));
        // A flipped byte inside the weights is caught by the zip's CRC-32, which .NET checks when an entry is read to its end.
        var flipped = File.ReadAllBytes(valid);
        flipped[flipped.Length / 2] ^= 0x5A;
        File.WriteAllBytes(valid, flipped);
        var crc = Assert.Throws<InvalidDataException>(() => PriorClip.MLNet.Trainers.Checkpoints.TrainingCheckpoint.Load(valid, model, optimizer));
        Assert.StartsWith(valid, crc.Message);
        Assert.True(Fuzz("vit.pt", pt, 60, seed: 8, p => PriorClip.MLNet.Modeling.Import.CheckpointReader.Read(p)) > 0);
    }
}
