using Microsoft.ML;
using PriorClip.MLNet.Transforms;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>The closed-domain word-level tokenizer learned at Fit.</summary>
public class WordTokenizerTests
{
    private static readonly string[] Training =
    [
        "A plane is parked at the airport.",
        "Two planes, parked near the airport!",
        "Many green-trees/ponds",
    ];

    // Words: (1) a plane is parked at the airport  (2) two planes parked near the airport
    // (3) many green trees ponds ('-' and '/' split words). Counts: airport 2, parked 2, the 2, all others 1.
    // Ids: specials 0..3, then by descending count, ties in ordinal order:
    // airport 4, parked 5, the 6, a 7, at 8, green 9, is 10, many 11, near 12, plane 13, planes 14,
    // ponds 15, trees 16, two 17.
    private static readonly string[] ExpectedVocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "airport", "parked", "the", "a", "at", "green", "is", "many", "near", "plane", "planes", "ponds", "trees", "two"];

    [Fact]
    public void LearnsVocabularyByFrequencyThenOrdinal()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.PriorClipTokenize().Fit(Captions(ml, Training));
        Assert.Equal(ExpectedVocabulary, model.WordVocabulary);
        Assert.Equal(32, model.SequenceLength); // 30 words + [CLS] + [SEP]
    }

    [Fact]
    public void EncodesClsWordsSepThenPaddingWithMask()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.PriorClipTokenize().Fit(Captions(ml, Training));
        var output = model.Transform(Captions(ml, "The PLANE, parked!", "A helicopter"));
        var tokens = Tokens(output);
        // [CLS] the plane parked [SEP]
        Assert.Equal(Padded(32, 2, 6, 13, 5, 3), tokens[0]);
        // "helicopter" was never seen: [UNK] = 1
        Assert.Equal(Padded(32, 2, 7, 1, 3), tokens[1]);
        var mask = Mask(output);
        Assert.Equal(MaskOf(32, 5), mask[0]);
        Assert.Equal(MaskOf(32, 4), mask[1]);
    }

    [Fact]
    public void MinFrequencySendsRareWordsToUnk()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.PriorClipTokenize(minFrequency: 2).Fit(Captions(ml, Training));
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "airport", "parked", "the"], model.WordVocabulary);
        Assert.Equal(Padded(32, 2, 1, 1, 4, 3), Tokens(model.Transform(Captions(ml, "a plane airport")))[0]);
    }

    [Fact]
    public void CapsWordsAndKeepsSep()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.PriorClipTokenize(maxWords: 3).Fit(Captions(ml, Training));
        Assert.Equal(5, model.SequenceLength);
        // The cap applies before learning too (PIR cuts captions first): the vocabulary comes from
        // "a plane is", "two planes parked", "many green trees" — all count 1, ordinal order:
        // a 4, green 5, is 6, many 7, parked 8, plane 9, planes 10, trees 11, two 12.
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "green", "is", "many", "parked", "plane", "planes", "trees", "two"], model.WordVocabulary);
        // Only "the plane is" survive the cap ("the" unseen → [UNK]); [SEP] still closes the sequence.
        Assert.Equal([2, 1, 9, 6, 3], Tokens(model.Transform(Captions(ml, "the plane is parked at the airport")))[0]);
    }

    [Fact]
    public void LowerCasesNonAsciiWords()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.PriorClipTokenize().Fit(Captions(ml, "Café près du port"));
        // Vocabulary (all count 1, ordinal order): café 4, du 5, port 6, près 7.
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "café", "du", "port", "près"], model.WordVocabulary);
        Assert.Equal(Padded(32, 2, 4, 7, 3), Tokens(model.Transform(Captions(ml, "CAFÉ, PRÈS!")))[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!.")]
    public void EmptyCaptionAtTransformNamesRowAndValue(string bad)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.PriorClipTokenize().Fit(Captions(ml, Training));
        var e = Assert.Throws<InvalidOperationException>(() => Tokens(model.Transform(Captions(ml, "a plane", bad))));
        Assert.Contains("row 1 of column 'Caption'", e.Message);
        Assert.Contains($"(value: \"{bad}\")", e.Message);
    }

    [Fact]
    public void EmptyCaptionAtFitNamesRowAndValue()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.Throws<InvalidOperationException>(() => ml.Transforms.PriorClipTokenize().Fit(Captions(ml, "a plane", "b", "  ")));
        Assert.Contains("row 2 of column 'Caption'", e.Message);
        Assert.Contains("(value: \"  \")", e.Message);
    }
}
