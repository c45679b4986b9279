namespace PriorClip.MLNet.Tests.Data.Readers;

/// <summary>Paths of the committed reader fixtures (copied to the test output by the project file).</summary>
internal static class ReaderFixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Readers");

    public static string Get(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Karpathy => Get("karpathy", "dataset_rsicd.json");

    public static string Bad(string name) => Get("bad", name);
}

/// <summary>A fresh folder under the temp directory, deleted afterwards; for tests that need files
/// the committed fixtures cannot hold (absolute paths, byte-order marks).</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "priorclip-readers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public string CopyImage(string name) =>
        CopyFrom(ReaderFixtures.Get("bad", "images", "airport_1.png"), name);

    public string CopyFrom(string source, string name)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.Copy(source, file);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
