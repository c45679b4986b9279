using Microsoft.ML;
using PriorClip.MLNet.Tests.Import;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Tokenization;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// Captions as archives hold them: other scripts, emoji, broken UTF-16, a word of 20,000 letters. Both tokenizers
/// encode every one without throwing (only an empty or whitespace-only caption is an error, tested with each
/// tokenizer), with the structure each promises: start, ids, end, then padding, and a mask that covers the ids.
/// </summary>
public class TokenizerTextEdgeCaseTests
{
    static readonly string[] Messy =
    [
        "机场停着三架飞机",                  // CJK, no spaces
        "طائرات في المطار",                  // Arabic, right to left
        "🛰️ satellite over 🌊 sea 🏝️",      // emoji with variation selectors
        "a lone surrogate \uD800 here",      // invalid UTF-16: no valid UTF-8 exists for it
        "tab\tand\nnewlines\r\ninside",
        new string('x', 20_000),             // one enormous word
        "ÅNGSTRÖM résumé naïve",             // upper-case Latin letters with diacritics
    ];

    [Fact]
    public void ClipBpeEncodesEveryScriptWithStartEndAndMask()
    {
        // The 764-token OpenAI-layout fixture vocabulary: all 256 byte symbols, so every UTF-8 byte has an id.
        var vocabulary = ClipBpeVocabulary.FromOpenAiGz(CheckpointFixtures.Path("tokenizer", "bpe_simple_vocab_16e6.txt.gz"));
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, Messy);
        var output = ml.Transforms.PriorClipTokenize(vocabulary, contextLength: 77).Fit(data).Transform(data);
        var tokens = Tokens(output);
        var masks = Mask(output);
        int start = vocabulary.TokenIds["<|startoftext|>"], end = vocabulary.TokenIds["<|endoftext|>"];
        for (int row = 0; row < Messy.Length; row++)
        {
            int length = (int)masks[row].Sum();
            Assert.True(length >= 3, $"row {row}: at least start, one id and end");
            Assert.Equal(start, tokens[row][0]);
            Assert.Equal(end, tokens[row][length - 1]);
            Assert.All(tokens[row][1..(length - 1)], id => Assert.InRange(id, 0, vocabulary.TokenIds.Count - 1));
            Assert.All(masks[row][length..], m => Assert.Equal(0f, m));
            Assert.All(tokens[row][length..], id => Assert.Equal(0, id));
        }
        Assert.Equal(77, (int)masks[5].Sum()); // the 20,000-letter word fills the context and keeps its end token last
    }

    [Fact]
    public void WordTokenizerEncodesEveryScriptWithClsAndSep()
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, Messy);
        var output = ml.Transforms.PriorClipTokenize(maxWords: 8).Fit(data).Transform(data);
        var tokens = Tokens(output);
        var masks = Mask(output);
        for (int row = 0; row < Messy.Length; row++)
        {
            int length = (int)masks[row].Sum();
            Assert.Equal(2, tokens[row][0]);              // [CLS]
            Assert.Equal(3, tokens[row][length - 1]);     // [SEP]
            Assert.InRange(length, 2, 10);                // at most 8 words between them
        }
        // Words in other scripts are words (learned at Fit), not unknowns: [CLS] + three Arabic words + [SEP].
        Assert.Equal(5, (int)masks[1].Sum());
        Assert.All(tokens[1][1..4], id => Assert.True(id > 3, "a learned word, not [UNK]"));
        // The 20,000-letter word is one word.
        Assert.Equal(3, (int)masks[5].Sum());
    }

    [Fact]
    public void AWordWithALoneSurrogateKeepsItsIdAfterTheModelIsSavedAndLoaded()
    {
        var ml = new MLContext(seed: 1).RegisterPriorClip();
        var data = Captions(ml, "broken \uD800word here", "broken text");
        var tokenizer = ml.Transforms.PriorClipTokenize(maxWords: 8).Fit(data);
        var before = Tokens(tokenizer.Transform(data));
        Assert.Contains("\uFFFDword", tokenizer.WordVocabulary!);
        using var file = TempFile(".zip");
        ml.Model.Save(tokenizer, data.Schema, file.Path);
        var after = Tokens(ml.Model.Load(file.Path, out _).Transform(data));
        Assert.Equal(before, after);
        Assert.DoesNotContain(1, before[0]); // every word learned, none [UNK]
    }
}
