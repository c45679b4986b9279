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
}
