using System.IO.Compression;
using Microsoft.ML;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Persistence;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>Models that are not ours, damaged, or from a newer format version fail with clear messages.</summary>
public class PersistenceFormatTests
{
    private static TempFile SavedModel()
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, "a plane at the airport", "two ponds");
        var model = ml.Transforms.PriorClipTokenize().Fit(data);
        var zip = TempFile(".zip");
        ml.Model.Save(model, data.Schema, zip.Path);
        return zip;
    }

    private static Exception LoadError(string path)
    {
        var ml = new MLContext(seed: 1).RegisterPriorClip();
        return Assert.ThrowsAny<Exception>(() => ml.Model.Load(path, out _));
    }

    /// <summary>The exception the user sees, through any wrapping ML.NET adds.</summary>
    private static T Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T t) return t;
        throw new Xunit.Sdk.XunitException($"Expected a {typeof(T).Name} in the chain, got: {e}");
    }

    [Fact]
    public void NewerFormatVersionIsRejected()
    {
        using var zip = SavedModel();
        ModelZip.Rewrite(zip.Path, "Model.key", bytes =>
        {
            int at = ModelZip.MagicIndex(bytes);
            if (at < 0) return null;
            BitConverter.TryWriteBytes(bytes.AsSpan(at + 8, 4), PriorClipModelFormat.CurrentVersion + 1);
            return bytes;
        });
        var e = Find<PriorClipModelFormatException>(LoadError(zip.Path));
        Assert.Contains("format version 2", e.Message);
        Assert.Contains("reads versions up to 1", e.Message);
    }

    [Fact]
    public void ForeignEntryUnderOurLoaderIsRejected()
    {
        using var zip = SavedModel();
        ModelZip.Rewrite(zip.Path, "Model.key", bytes =>
        {
            int at = ModelZip.MagicIndex(bytes);
            if (at < 0) return null;
            "NOTOURS!"u8.CopyTo(bytes.AsSpan(at));
            return bytes;
        });
        var e = Find<PriorClipModelFormatException>(LoadError(zip.Path));
        Assert.Contains("not written by PriorClip.MLNet", e.Message);
    }

    [Fact]
    public void TruncatedBlobIsRejected()
    {
        using var zip = SavedModel();
        ModelZip.Rewrite(zip.Path, "PriorClip.vocab.txt", bytes => bytes[..(bytes.Length / 2)]);
        var e = Find<PriorClipModelFormatException>(LoadError(zip.Path));
        Assert.Contains("blob 'vocab.txt' is truncated", e.Message);
    }

    [Fact]
    public void CorruptedBlobIsRejected()
    {
        using var zip = SavedModel();
        ModelZip.Rewrite(zip.Path, "PriorClip.vocab.txt", bytes =>
        {
            bytes[^1] ^= 0x20;
            return bytes;
        });
        var e = Find<PriorClipModelFormatException>(LoadError(zip.Path));
        Assert.Contains("blob 'vocab.txt' is corrupted", e.Message);
    }

    [Fact]
    public void MissingBlobEntryIsRejected()
    {
        using var zip = SavedModel();
        using (var archive = ZipFile.Open(zip.Path, ZipArchiveMode.Update))
            archive.Entries.Single(e => e.FullName.EndsWith("PriorClip.vocab.txt", StringComparison.Ordinal)).Delete();
        var e = Find<PriorClipModelFormatException>(LoadError(zip.Path));
        Assert.Contains("lacks the entry for blob 'vocab.txt'", e.Message);
    }

    [Fact]
    public void TruncatedZipFileIsRejected()
    {
        using var zip = SavedModel();
        byte[] all = File.ReadAllBytes(zip.Path);
        File.WriteAllBytes(zip.Path, all[..(all.Length / 2)]);
        // ML.NET reports it before any PriorClip code runs.
        var e = Assert.IsType<FormatException>(LoadError(zip.Path));
        Assert.Contains("Failed to open a zip archive", e.Message);
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Fact]
    public void ZipThatIsNotAModelIsRejected()
    {
        using var zip = TempFile(".zip");
        using (var archive = ZipFile.Open(zip.Path, ZipArchiveMode.Create))
        using (var w = new StreamWriter(archive.CreateEntry("readme.txt").Open()))
            w.Write("not a model");
        // ML.NET reports it before any PriorClip code runs.
        var e = LoadError(zip.Path);
        Assert.Contains("doesn't contain entry DataLoaderModel/Model.key", e.InnerException?.Message);
    }

    [Fact]
    public void LoadThroughModelFileNamesTheFileAndTheReason()
    {
        var ml = new MLContext(seed: 1);
        using (var good = SavedModel())
            Assert.NotNull(PriorClipModelFile.Load(ml, good.Path, out var schema).GetOutputSchema(schema).GetColumnOrNull("Tokens"));
        using (var zip = SavedModel())
        {
            byte[] all = File.ReadAllBytes(zip.Path);
            File.WriteAllBytes(zip.Path, all[..(all.Length / 2)]);
            var e = Assert.Throws<PriorClipModelFormatException>(() => PriorClipModelFile.Load(ml, zip.Path, out _));
            Assert.StartsWith($"'{zip.Path}' is not a readable .zip", e.Message);
        }
        using (var zip = SavedModel())
        {
            ModelZip.Rewrite(zip.Path, "PriorClip.vocab.txt", bytes => [.. bytes, 0]);
            var e = Assert.Throws<PriorClipModelFormatException>(() => PriorClipModelFile.Load(ml, zip.Path, out _));
            Assert.Contains(zip.Path, e.Message);
            Assert.Contains("blob 'vocab.txt' is truncated or padded", e.Message);
        }
        string absent = Path.Combine(Path.GetTempPath(), "priorclip-no-such-model.zip");
        Assert.Contains(absent, Assert.Throws<FileNotFoundException>(() => PriorClipModelFile.Load(ml, absent, out _)).Message);
    }

    [Fact]
    public void InspectListsAndVerifiesComponents()
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, "a plane at the airport");
        var model = ml.Transforms.CopyColumns("Text", "Caption").Append(ml.Transforms.PriorClipTokenize(inputColumnName: "Text")).Fit(data);
        using var zip = TempFile(".zip");
        ml.Model.Save(model, data.Schema, zip.Path);

        var component = Assert.Single(PriorClipModelFile.Inspect(zip.Path)); // CopyColumns is ML.NET's, not listed
        Assert.Equal("PriorClipTokenize", component.Kind);
        Assert.Equal("TransformerChain/Transform_001", component.Directory);
        Assert.Equal(PriorClipModelFormat.CurrentVersion, component.FormatVersion);
        Assert.Equal(["vocab.txt"], component.Blobs);
        Assert.Contains("\"inputColumnName\":\"Text\"", component.ConfigJson);
    }

    [Fact]
    public void InspectExplainsDamagedForeignAndNewerFiles()
    {
        using (var zip = SavedModel())
        {
            byte[] all = File.ReadAllBytes(zip.Path);
            File.WriteAllBytes(zip.Path, all[..(all.Length / 2)]);
            Assert.Contains("is not a readable .zip", Assert.Throws<PriorClipModelFormatException>(() => PriorClipModelFile.Inspect(zip.Path)).Message);
        }
        using (var zip = TempFile(".zip"))
        {
            using (var archive = ZipFile.Open(zip.Path, ZipArchiveMode.Create))
                archive.CreateEntry("readme.txt");
            Assert.Contains("not an ML.NET model", Assert.Throws<PriorClipModelFormatException>(() => PriorClipModelFile.Inspect(zip.Path)).Message);
        }
        using (var zip = SavedModel())
        {
            ModelZip.Rewrite(zip.Path, "Model.key", bytes =>
            {
                int at = ModelZip.MagicIndex(bytes);
                if (at < 0) return null;
                BitConverter.TryWriteBytes(bytes.AsSpan(at + 8, 4), 7);
                return bytes;
            });
            Assert.Contains("format version 7", Assert.Throws<PriorClipModelFormatException>(() => PriorClipModelFile.Inspect(zip.Path)).Message);
        }
        using (var zip = SavedModel())
        {
            ModelZip.Rewrite(zip.Path, "PriorClip.vocab.txt", bytes => [.. bytes, 0]);
            Assert.Contains("blob 'vocab.txt' is truncated or padded", Assert.Throws<PriorClipModelFormatException>(() => PriorClipModelFile.Inspect(zip.Path)).Message);
        }
    }

    [Fact]
    public void PinnedMlNetInternalsResolve()
    {
        // An ML.NET upgrade fails here first, with the version in the message, before any model is written.
        Assert.StartsWith(MlNetInternals.TestedMlNetVersion + "+", MlNetInternals.LoadedMlNetVersion);
        var api = MlNetInternals.Api;
        foreach (var property in api.GetType().GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic))
            Assert.NotNull(property.GetValue(api));
    }

    [Fact]
    public void RegistrationIsIdempotent()
    {
        var ml = new MLContext(seed: 1);
        Assert.Same(ml, ml.RegisterPriorClip());
        Assert.Same(ml, ml.RegisterPriorClip());
        using var zip = SavedModel();
        Assert.NotNull(ml.Model.Load(zip.Path, out _));
    }

    [Fact]
    public void BlobsStreamThroughTheZipAndVerify()
    {
        // The path TorchSharp weights will take: written through a Stream that the writer closes (as
        // Module.save does), read back through a Stream, verified by length and SHA-256.
        byte[] payload = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 + (i >> 8))).ToArray();
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, "a plane");
        using var zip = TempFile(".zip");
        ml.Model.Save(new BlobProbeTransformer(payload), data.Schema, zip.Path);
        Assert.Contains(ModelZip.EntryNames(zip.Path), e => e.EndsWith("PriorClip.weights.bin", StringComparison.Ordinal));

        var (parsed, archive) = ModelZip.OpenComponent(zip.Path, BlobProbeTransformer.Kind);
        using var _ = archive;
        Assert.Equal(["weights.bin", "note.txt"], parsed.BlobNames.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(42, parsed.GetConfig<BlobProbeTransformer.ProbeConfig>().Answer);
        Assert.Equal("hello", parsed.ReadTextBlob("note.txt"));
        Assert.Equal(payload, parsed.ReadBlob("weights.bin"));
        // A consumer that stops early still gets the blob verified (the rest is drained).
        byte[] head = new byte[10];
        parsed.ReadBlob("weights.bin", s => s.ReadExactly(head));
        Assert.Equal(payload[..10], head);
        var missing = Assert.Throws<PriorClipModelFormatException>(() => parsed.ReadBlob("nope"));
        Assert.Contains("no blob named 'nope'", missing.Message);
    }
}
