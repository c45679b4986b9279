using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Tokenization;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// ML.NET's TestEstimatorCore pattern for PriorClipTokenize: schema propagation, fit → transform →
/// save → load (in this process and in a fresh one) → identical outputs, and schema errors.
/// </summary>
public class TokenizeEstimatorTests
{
    private static readonly string[] Train = ["A plane is parked at the airport.", "Two planes parked near the airport!", "Green trees around a pond"];
    private static readonly string[] Probe = ["the plane near a pond", "CAFÉ près de l'aéroport", "trees trees trees"];

    public static TheoryData<string> Tokenizers => new() { "word", "clip-hf", "clip-gz" };

    private static IEstimator<ITransformer> Pipeline(MLContext ml, string tokenizer)
    {
        // An ML.NET transform in front proves the component composes inside a TransformerChain.
        var copy = ml.Transforms.CopyColumns("Text", "Caption");
        return tokenizer switch
        {
            "word" => copy.Append(ml.Transforms.PriorClipTokenize(inputColumnName: "Text", maxWords: 6)),
            "clip-hf" => copy.Append(ml.Transforms.PriorClipTokenize(
                ClipBpeVocabulary.FromHuggingFaceFiles(Fixture("clip_hf", "vocab.json"), Fixture("clip_hf", "merges.txt")),
                inputColumnName: "Text", contextLength: 12)),
            _ => copy.Append(ml.Transforms.PriorClipTokenize(
                ClipBpeVocabulary.FromOpenAiGz(Fixture("clip_openai", "bpe_tiny.txt.gz")), inputColumnName: "Text", contextLength: 12)),
        };
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void SchemaOfEstimatorMatchesTransformer(string tokenizer)
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, Train);
        var estimator = Pipeline(ml, tokenizer);
        var shape = estimator.GetOutputSchema(SchemaShapes.FromSchema(data.Schema));
        var schema = estimator.Fit(data).GetOutputSchema(data.Schema);
        int length = tokenizer == "word" ? 8 : 12;

        var tokens = schema["Tokens"].Type as VectorDataViewType;
        var mask = schema["TokenMask"].Type as VectorDataViewType;
        Assert.NotNull(tokens);
        Assert.NotNull(mask);
        Assert.Equal(NumberDataViewType.Int32, tokens.ItemType);
        Assert.Equal(length, tokens.Size);
        Assert.Equal(NumberDataViewType.Single, mask.ItemType);
        Assert.Equal(length, mask.Size);
        foreach (string name in new[] { "Tokens", "TokenMask" })
        {
            var column = shape.Single(c => c.Name == name);
            Assert.Equal(SchemaShape.Column.VectorKind.Vector, column.Kind);
            Assert.Equal(((VectorDataViewType)schema[name].Type).ItemType, column.ItemType);
        }
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void SaveLoadInFreshProcessGivesIdenticalOutputs(string tokenizer)
    {
        var ml = new MLContext(seed: 1);
        var train = Captions(ml, Train);
        var model = Pipeline(ml, tokenizer).Fit(train);
        var probe = Captions(ml, Probe);
        var expected = model.Transform(probe);
        int[][] expectedTokens = Tokens(expected);
        float[][] expectedMask = Mask(expected);

        using var zip = TempFile(".zip");
        ml.Model.Save(model, train.Schema, zip.Path);

        // Self-contained: the vocabulary travels inside the .zip as our blob entries.
        var entries = ModelZip.EntryNames(zip.Path);
        Assert.Contains(entries, e => e.EndsWith(tokenizer == "word" ? "PriorClip.vocab.txt" : "PriorClip.merges.txt", StringComparison.Ordinal));

        // Same process, new context.
        var ml2 = new MLContext(seed: 2).RegisterPriorClip();
        var reloaded = ml2.Model.Load(zip.Path, out var inputSchema);
        Assert.Equal("Caption", Assert.Single(inputSchema).Name);
        Assert.Equal(expectedTokens, Tokens(reloaded.Transform(Captions(ml2, Probe))));

        // Fresh process: only the .zip and one RegisterPriorClip() call.
        var fresh = FreshProcess.LoadAndTransform(zip.Path, Probe);
        Assert.True(fresh.ExitCode == 0, fresh.StdErr);
        Assert.Equal(expectedTokens.Select(r => r.Select(v => (double)v).ToArray()), fresh.Columns!["Tokens"]);
        Assert.Equal(expectedMask.Select(r => r.Select(v => (double)v).ToArray()), fresh.Columns!["TokenMask"]);
    }

    [Fact]
    public void FreshProcessWithoutRegistrationFailsLoudly()
    {
        var ml = new MLContext(seed: 1);
        var train = Captions(ml, Train);
        var model = ml.Transforms.PriorClipTokenize().Fit(train);
        using var zip = TempFile(".zip");
        ml.Model.Save(model, train.Schema, zip.Path);

        var fresh = FreshProcess.LoadAndTransform(zip.Path, Probe, register: false);
        // Documented behaviour (PriorClipTransformersRegistration): ML.NET's own message, naming the chain.
        Assert.Equal(2, fresh.ExitCode);
        Assert.Contains("Couldn't load model: 'TransformerChain'", fresh.StdErr);
    }

    [Fact]
    public void PredictionEngineUsesTheRowMapper()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.PriorClipTokenize(maxWords: 4).Fit(Captions(ml, Train));
        var engine = ml.Model.CreatePredictionEngine<CaptionRow, TokenOutput>(model);
        var first = engine.Predict(new CaptionRow { Caption = "the airport" });
        Assert.Equal(Tokens(model.Transform(Captions(ml, "the airport")))[0], first.Tokens);
        Assert.Equal(MaskOf(6, 4), first.TokenMask);
        // A second call must not return the cached first row.
        Assert.NotEqual(first.Tokens, engine.Predict(new CaptionRow { Caption = "a plane parked" }).Tokens);
    }

    public sealed class TokenOutput
    {
        [VectorType(6)] public int[] Tokens { get; set; } = [];
        [VectorType(6)] public float[] TokenMask { get; set; } = [];
    }

    [Fact]
    public void MissingColumnIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, Train);
        var estimator = ml.Transforms.PriorClipTokenize(inputColumnName: "Text");
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShapes.FromSchema(data.Schema)));
        Assert.Contains("input column 'Text' not found; expected a scalar String (text) column", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));
        Assert.Contains("input column 'Text' not found", e2.Message);

        var fitted = ml.Transforms.PriorClipTokenize().Fit(data);
        var renamed = ml.Transforms.CopyColumns("Other", "Caption").Fit(data).Transform(data);
        var dropped = ml.Transforms.DropColumns("Caption").Fit(renamed).Transform(renamed);
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => fitted.Transform(dropped));
        Assert.Contains("input column 'Caption' not found", e3.Message);
    }

    [Fact]
    public void WrongColumnTypeIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var numeric = ml.Data.LoadFromEnumerable(new[] { new NumericCaptionRow { Caption = 1 } });
        var estimator = ml.Transforms.PriorClipTokenize();
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShapes.FromSchema(numeric.Schema)));
        Assert.Contains("input column 'Caption' has type Single, but a scalar String (text) column is required", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(numeric));
        Assert.Contains("input column 'Caption' has type Single", e2.Message);

        var fitted = estimator.Fit(Captions(ml, Train));
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => fitted.GetOutputSchema(numeric.Schema));
        Assert.Contains("'Caption' has type Single", e3.Message);
    }
}
