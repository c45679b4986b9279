using PriorClip.MLNet.Data;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Tests.Reliability;

/// <summary>The inputs the fuzzer found that escaped as undocumented exceptions, each now a clear error naming the file.</summary>
public sealed class FuzzRegressionTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-fuzzfound-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void InvalidUtf8InAJsonStringIsAMalformedJsonErrorWithItsPosition()
    {
        // Was: InvalidOperationException "Cannot transcode invalid UTF-8 JSON text to UTF-16 string" when the caption was read.
        byte[] bytes = [.. "{\"images\": [\n  {\"filename\": \"a.png\", \"split\": \"train\", \"sentences\": [{\"raw\": \"boats "u8, 0xFF, .. " here\"}]}]}"u8];
        string path = Write("bad-utf8.json", bytes);
        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(path, new DatasetReadOptions { MissingImages = MissingImagePolicy.Keep }));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("invalid UTF-8 (byte 0xFF", error.Message);
    }

    [Fact]
    public void AFileNameWithANulCharacterIsAnEntryError()
    {
        // Was: ArgumentException "Null character in path" from the image lookup.
        string path = Write("nul.csv", "filepath,title\nhar\0bor.png,boats\n"u8.ToArray());
        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(path, new DatasetReadOptions { Split = DatasetSplits.Train }));
        Assert.Contains(path, error.Message);
        Assert.Contains("holds a character no path may contain", error.Message);
    }

    [Fact]
    public void AModelZipDamagedPastItsEndRecordOrInABlobNamesTheFile()
    {
        var demo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip"));
        // Was: InvalidDataException / a blob error that named the component but not the file.
        var damaged = (byte[])demo.Clone();
        for (int i = demo.Length / 3; i < demo.Length / 3 + 64; i++) damaged[i] = 0;
        string path = Write("damaged.zip", damaged);
        var error = Assert.Throws<PriorClipModelFormatException>(() => PriorClipModelFile.Inspect(path));
        Assert.Contains(path, error.Message);
    }

    static byte[] Npy(string descr, string shape, int dataBytes)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        dict = dict.PadRight(dict.Length + (64 - total % 64) % 64) + "\n";
        var header = System.Text.Encoding.ASCII.GetBytes(dict);
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, (byte)(header.Length >> 8), .. header, .. new byte[dataBytes]];
    }

    [Fact]
    public void NpyHeadersThatOverflowOrPromiseMoreThanTheFileHoldsAreRefusedBeforeAllocating()
    {
        // Was: OverflowException (the shape's product wrapped to 0), and a 4 GB allocation for a 128-byte file.
        string overflow = Write("overflow.npy", Npy("<f4", "(4294967296, 4294967296)", 0));
        Assert.Contains("cannot hold embeddings", Assert.Throws<InvalidDataException>(() => PriorClip.MLNet.Pipelines.Retrieval.NpyFile.ReadEmbeddingMatrix(overflow)).Message);
        string huge = Write("huge.npy", Npy("<f4", "(1, 1073741824)", 16));
        var error = Assert.Throws<InvalidDataException>(() => PriorClip.MLNet.Pipelines.Retrieval.NpyFile.ReadEmbeddingMatrix(huge));
        Assert.Contains($"'{huge}' is truncated: shape (1, 1073741824) of <f4 needs 4,294,967,296 data bytes, the file holds 16", error.Message);
        string longs = Write("longs.npy", Npy("<i8", "(2000000000,)", 8));
        Assert.Contains("is truncated", Assert.Throws<InvalidDataException>(() => PriorClip.MLNet.Pipelines.Retrieval.NpyFile.ReadInt32Vector(longs)).Message);
        string many = Write("many.npy", Npy("<i4", "(9999999999,)", 0));
        Assert.Contains("more entries than an array can hold", Assert.Throws<InvalidDataException>(() => PriorClip.MLNet.Pipelines.Retrieval.NpyFile.ReadInt32Vector(many)).Message);
    }
}
