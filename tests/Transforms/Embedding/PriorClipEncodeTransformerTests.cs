using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Tests.Trainers;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Embedding;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Tests.Transforms.Embedding;

/// <summary>PriorClipEncode in the style of ML.NET's TestEstimatorCore: fit, transform, schema, save, fresh-process load, compare.</summary>
[Collection(LibTorchCollection.Name)]
public class PriorClipEncodeTransformerTests(Xunit.Abstractions.ITestOutputHelper log)
{
    const int Size = TinyRetrievalData.Size;

    static (MLContext Ml, IDataView Data, TransformerChain<PriorClipEncodeTransformer> Model) Pipeline(int rows = 8)
    {
        var ml = new MLContext(seed: 3);
        var data = ml.Data.LoadFromEnumerable(TinyRetrievalData.Rows(rows / 2, 1));
        var model = PriorClipModelFactory.Create(TinyRetrievalData.Config() with
        {
            Text = TinyRetrievalData.Config().Text with { VocabSize = 40, ContextLength = 12 },
        }, seed: 11);
        var chain = ml.Transforms.PriorClipTokenize(maxWords: 10)
            .Append(ml.Transforms.PriorClipEncode(model, batchSize: 3))
            .Fit(data);
        return (ml, data, chain);
    }

    static float[][] Column(IDataView view, string name) => view.GetColumn<float[]>(name).ToArray();

    [Fact]
    public void SchemaHasUnitEmbeddingsAndBatchedEqualsRowByRow()
    {
        var (ml, data, model) = Pipeline();
        var output = model.Transform(data);
        foreach (var name in new[] { "ImageEmbedding", "TextEmbedding" })
        {
            var column = output.Schema[name];
            Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 32), column.Type);
            Assert.All(Column(output, name), v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5));
        }

        // PredictionEngine maps one row at a time: it must agree with the batched data view.
        var engine = ml.Model.CreatePredictionEngine<TinyRetrievalData.Row, EmbeddingRow>(model);
        var rows = TinyRetrievalData.Rows(4, 1);
        var batchedImages = Column(output, "ImageEmbedding");
        var batchedTexts = Column(output, "TextEmbedding");
        for (int i = 0; i < rows.Count; i++)
        {
            var single = engine.Predict(rows[i]);
            Assert.Equal(batchedImages[i], single.ImageEmbedding, new FloatTolerance(1e-5f));
            Assert.Equal(batchedTexts[i], single.TextEmbedding, new FloatTolerance(1e-5f));
        }
    }

    [Fact]
    public void SavedZipLoadsInAFreshProcessWithIdenticalOutputs()
    {
        var (ml, data, model) = Pipeline();
        using var zip = TransformTestData.TempFile(".zip");
        ml.Model.Save(model, data.Schema, zip.Path);
        var expected = model.Transform(data);

        var rows = TinyRetrievalData.Rows(4, 1);
        var result = FreshProcess.LoadAndTransformPixelsAndCaptions(zip.Path, [3 * Size * Size],
            rows.Select(r => r.Pixels).ToArray(), rows.Select(r => r.Caption).ToArray());
        Assert.True(result.ExitCode == 0, result.StdErr);
        double maxDifference = 0;
        foreach (var name in new[] { "ImageEmbedding", "TextEmbedding" })
        {
            var want = Column(expected, name);
            var got = result.Columns![name];
            Assert.Equal(want.Length, got.Count);
            for (int i = 0; i < want.Length; i++)
                for (int j = 0; j < want[i].Length; j++)
                    maxDifference = Math.Max(maxDifference, Math.Abs(want[i][j] - got[i][j]));
        }
        log.WriteLine($"fresh-process reload: max abs difference of the embeddings {maxDifference:E2}");
        Assert.True(maxDifference <= 1e-6, $"max abs difference {maxDifference:E2}");
    }

    [Fact]
    public void TextOnlyAndImageOnlyDataWork()
    {
        var (ml, _, model) = Pipeline();
        var encoder = model.LastTransformer;
        var captions = ml.Transforms.PriorClipTokenize(maxWords: 10).Fit(TransformTestData.Captions(ml, "two squares on red ground"))
            .Transform(TransformTestData.Captions(ml, "two squares on red ground", "one white square"));
        var texts = encoder.Transform(captions);
        Assert.NotNull(texts.Schema.GetColumnOrNull("TextEmbedding"));
        Assert.Null(texts.Schema.GetColumnOrNull("ImageEmbedding"));
        Assert.Equal(2, Column(texts, "TextEmbedding").Length);

        var images = ml.Data.LoadFromEnumerable(TinyRetrievalData.Rows(2, 4).Select(r => new PixelsOnly { Pixels = r.Pixels }));
        var encoded = encoder.Transform(images);
        Assert.Null(encoded.Schema.GetColumnOrNull("TextEmbedding"));
        Assert.Equal(4, Column(encoded, "ImageEmbedding").Length);
    }

    [Fact]
    public void WrongColumnsAreNamedWithTheirExpectedTypes()
    {
        var (ml, _, model) = Pipeline();
        var encoder = model.LastTransformer;
        var wrongSize = ml.Data.LoadFromEnumerable([new WrongPixels { Pixels = new float[48] }]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.GetOutputSchema(wrongSize.Schema));
        Assert.Contains("input column 'Pixels' has type Vector<Single, 48>", error.Message);
        Assert.Contains($"Vector<Single, {3 * Size * Size}>", error.Message);

        var neither = TransformTestData.Captions(ml, "no pixels and no tokens");
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.GetOutputSchema(neither.Schema));
        Assert.Contains("neither the pixels column 'Pixels'", missing.Message);
        Assert.Contains("nor the tokens column 'Tokens'", missing.Message);
    }

    [Fact]
    public void WeightsThatDoNotFitTheConfigAreRejectedNamingTheTensor()
    {
        var config = TinyRetrievalData.Config();
        using var small = PriorClipModelFactory.Create(config, seed: 1);
        using var wide = PriorClipModelFactory.Create(config with { EmbedDim = 48 }, seed: 1);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) small.save(writer);

        var error = Assert.Throws<PriorClipModelFormatException>(() => PriorClipEncodeTransformer.LoadWeights(wide, stream.ToArray()));
        Assert.Contains("do not fit model config 'tiny'", error.Message);
        Assert.Matches("tensor '[^']+' is stored as \\[[0-9, ]+\\] but the config needs \\[[0-9, ]+\\]", error.Message);
    }

    sealed class EmbeddingRow
    {
        public float[] ImageEmbedding { get; set; } = [];
        public float[] TextEmbedding { get; set; } = [];
    }

    sealed class PixelsOnly
    {
        [VectorType(3 * Size * Size)] public float[] Pixels { get; set; } = [];
    }

    sealed class WrongPixels
    {
        [VectorType(48)] public float[] Pixels { get; set; } = [];
    }

    sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
