using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Tokenization;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// ML.NET may read a view through several cursors on several threads at once (GetRowCursorSet); the
/// fitted tokenizers are shared by those cursors and must give the same ids as a single cursor.
/// </summary>
public class ParallelCursorTests
{
    public sealed class TsvCaption
    {
        [LoadColumn(0)] public string Caption { get; set; } = "";
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CursorSetMatchesSingleCursor(bool clip)
    {
        var rng = new Random(5);
        string[] words = ["a", "plane", "airport", "green", "trees", "Straßen", "北京", "it's", "parked", "2024", "cars!!"];
        string[] captions = Enumerable.Range(0, 3000).Select(_ => string.Join(' ', Enumerable.Range(0, rng.Next(3, 40)).Select(_ => words[rng.Next(words.Length)]))).ToArray();
        using var tsv = TempFile(".tsv");
        File.WriteAllLines(tsv.Path, captions);

        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<TsvCaption>(tsv.Path, separatorChar: '\t');
        var estimator = clip
            ? ml.Transforms.PriorClipTokenize(ClipBpeVocabulary.FromOpenAiGz(Fixture("clip_reference", "bpe_rs.txt.gz")))
            : ml.Transforms.PriorClipTokenize();
        var view = estimator.Fit(data).Transform(data);
        var tokensColumn = view.Schema["Tokens"];

        var serial = Read(view.GetRowCursor([tokensColumn]), tokensColumn);
        Assert.Equal(captions.Length, serial.Count);

        var cursors = view.GetRowCursorSet([tokensColumn], 4);
        Assert.True(cursors.Length > 1, "the loader should hand out several cursors");
        var parts = new Dictionary<DataViewRowId, int[]>[cursors.Length];
        Parallel.For(0, cursors.Length, i => parts[i] = Read(cursors[i], tokensColumn));
        var parallel = parts.SelectMany(p => p).ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Equal(serial.Count, parallel.Count);
        foreach (var (id, ids) in serial)
            Assert.Equal(ids, parallel[id]);
    }

    private static Dictionary<DataViewRowId, int[]> Read(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        using (cursor)
        {
            var rows = new Dictionary<DataViewRowId, int[]>();
            var idGetter = cursor.GetIdGetter();
            var getter = cursor.GetGetter<VBuffer<int>>(column);
            DataViewRowId id = default;
            VBuffer<int> value = default;
            while (cursor.MoveNext())
            {
                idGetter(ref id);
                getter(ref value);
                rows[id] = value.DenseValues().ToArray();
            }
            return rows;
        }
    }
}
