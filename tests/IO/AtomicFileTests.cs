using PriorClip.MLNet.IO;

namespace PriorClip.MLNet.Tests.IO;

public class AtomicFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReplacesContentAndLeavesNoTemporaryFiles()
    {
        var path = Path.Combine(_dir, "sub", "a.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void FailedWriteKeepsTheOldFileAndCleansUp()
    {
        var path = Path.Combine(_dir, "b.bin");
        AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[] { 9, 9 });
            throw new InvalidOperationException("writer failed half-way");
        }));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void WriterThatClosesItsStreamStillCommits()
    {
        var path = Path.Combine(_dir, "c.bin");
        AtomicFile.Write(path, s => { s.Write(new byte[] { 5 }); s.Dispose(); });
        Assert.Equal(new byte[] { 5 }, File.ReadAllBytes(path));
    }
}
