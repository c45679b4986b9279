using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>A caption row as the readers produce it.</summary>
public sealed class CaptionRow
{
    public string Caption { get; set; } = "";
}

/// <summary>A row with a wrongly typed caption column, for schema-error tests.</summary>
public sealed class NumericCaptionRow
{
    public float Caption { get; set; }
}

internal static class TransformTestData
{
    internal static IDataView Captions(MLContext mlContext, params string[] captions) =>
        mlContext.Data.LoadFromEnumerable(captions.Select(c => new CaptionRow { Caption = c }));

    internal static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", "Transforms", .. parts]);

    internal static int[][] Tokens(IDataView view, string column = "Tokens") => view.GetColumn<int[]>(column).ToArray();

    internal static float[][] Mask(IDataView view, string column = "TokenMask") => view.GetColumn<float[]>(column).ToArray();

    /// <summary><paramref name="prefix"/> padded with zeros to <paramref name="length"/>.</summary>
    internal static int[] Padded(int length, params int[] prefix) => [.. prefix, .. new int[length - prefix.Length]];

    /// <summary>A mask of <paramref name="ones"/> ones then zeros.</summary>
    internal static float[] MaskOf(int length, int ones) => Enumerable.Range(0, length).Select(i => i < ones ? 1f : 0f).ToArray();

    /// <summary>A fresh temp file path (the file does not exist yet); deleted by the caller's using.</summary>
    internal static TempFile TempFile(string extension) => new(Path.Combine(Path.GetTempPath(), $"priorclip-{Guid.NewGuid():N}{extension}"));
}

internal sealed class TempFile(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }
}
