using System.IO.Compression;
using System.Text.Json;
using PriorClip.MLNet.IO;
using TorchSharp;
using TorchSharp.Modules;

namespace PriorClip.MLNet.Trainers.Checkpoints;

/// <summary>
/// A resumable training checkpoint: one zip (stored, not compressed) holding the model
/// weights, the optimiser state and the <see cref="TrainingState"/>, written atomically so a
/// killed run never leaves a half-written checkpoint behind.
/// </summary>
public static class TrainingCheckpoint
{
    const string StateEntry = "state.json";
    const string ModelEntry = "model.bin";
    const string OptimizerEntry = "optimizer.bin";
    const string FormatEntry = "format.txt";
    const string Format = "priorclip-checkpoint/1";

    // BestScore starts at -Infinity, which plain JSON numbers cannot hold.
    static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// The checkpoint a resumed run in <paramref name="directory"/> starts from: <c>last.ckpt</c>, or <c>previous.ckpt</c>
    /// when a run was killed after renaming the old one and before the new one landed; null when there is neither.
    /// </summary>
    public static string? ResumeFile(string directory)
    {
        string last = Path.Combine(directory, PriorClipTrainingSession.LastCheckpointName), previous = Path.Combine(directory, PriorClipTrainingSession.PreviousCheckpointName);
        return File.Exists(last) ? last : File.Exists(previous) ? previous : null;
    }

    /// <summary>Writes a checkpoint to <paramref name="path"/>, replacing any previous one atomically.</summary>
    public static void Save(string path, torch.nn.Module model, OptimizerHelper optimizer, TrainingState state)
    {
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, FormatEntry, s => s.Write(System.Text.Encoding.ASCII.GetBytes(Format)));
            WriteEntry(zip, StateEntry, s => JsonSerializer.Serialize(s, state, Json));
            WriteEntry(zip, ModelEntry, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); model.save(w); });
            WriteEntry(zip, OptimizerEntry, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); optimizer.save_state_dict(w); });
        });
    }

    /// <summary>
    /// Restores weights and optimiser state from <paramref name="path"/> into the given objects,
    /// which must have been built with the same configuration, and returns the saved state.
    /// </summary>
    public static TrainingState Load(string path, torch.nn.Module model, OptimizerHelper optimizer)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var format = ReadEntry(zip, path, FormatEntry, s => new StreamReader(s).ReadToEnd());
            if (format != Format)
                throw new InvalidDataException($"{path}: checkpoint format '{format}' is not '{Format}'");
            var state = ReadEntry(zip, path, StateEntry, s => JsonSerializer.Deserialize<TrainingState>(s, Json))
                ?? throw new InvalidDataException($"{path}: empty {StateEntry}");
            ReadEntry(zip, path, ModelEntry, s => { using var r = new BinaryReader(s); model.load(r, strict: true); return 0; });
            ReadEntry(zip, path, OptimizerEntry, s => { using var r = new BinaryReader(s); optimizer.load_state_dict(r); return 0; });
            return state;
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable PriorCLIP checkpoint ({e.Message})", e);
        }
    }

    static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        write(entry);
    }

    static T ReadEntry<T>(ZipArchive zip, string path, string name, Func<Stream, T> read)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{path}: checkpoint has no '{name}' entry");
        // Zip entry streams do not seek; TorchSharp's loader wants a seekable stream.
        using var buffer = new MemoryStream();
        using (var s = new Crc32Stream(entry.Open()))
        {
            s.CopyTo(buffer);
            // .NET's zip reader does not check the CRC itself: without this a flipped byte in the weights loads silently.
            if (s.Value != entry.Crc32)
                throw new InvalidDataException($"{path}: the checkpoint's '{name}' entry is corrupted (CRC-32 {s.Value:X8}, the zip records {entry.Crc32:X8}); resume from {PriorClipTrainingSession.PreviousCheckpointName} if it is there");
        }
        buffer.Position = 0;
        return read(buffer);
    }
}
