using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Tokenization;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// Cross-implementation check: ids from an independent Python re-implementation of CLIP's SimpleTokenizer
/// (Fixtures/Transforms/clip_reference/make_fixture.py) on a 250-merge BPE learned from remote-sensing
/// captions, for captions with apostrophes, punctuation runs, HTML entities, CJK, German, emoji, digits
/// and an over-long caption (truncated to 77 with the end token last).
/// </summary>
public class ClipReferenceTokenizerTests
{
    private sealed record Case(string Caption, int[] Ids);

    [Fact]
    public void MatchesThePythonReferenceOnTrickyCaptions()
    {
        var cases = JsonSerializer.Deserialize<Case[]>(File.ReadAllText(Fixture("clip_reference", "expected.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        Assert.Equal(10, cases.Length);
        var vocabulary = ClipBpeVocabulary.FromOpenAiGz(Fixture("clip_reference", "bpe_rs.txt.gz"));
        Assert.Equal(764, vocabulary.TokenIds.Count); // 512 byte tokens + 250 merges + 2 specials

        var ml = new MLContext(seed: 1);
        var data = Captions(ml, cases.Select(c => c.Caption).ToArray());
        var tokens = Tokens(ml.Transforms.PriorClipTokenize(vocabulary).Fit(data).Transform(data));
        for (int i = 0; i < cases.Length; i++)
            Assert.True(cases[i].Ids.SequenceEqual(tokens[i]),
                $"'{cases[i].Caption}': expected [{string.Join(", ", cases[i].Ids.Where(x => x != 0))}], got [{string.Join(", ", tokens[i].Where(x => x != 0))}]");
        Assert.Equal(vocabulary.EndOfTextId, tokens[^1][76]); // the over-long caption keeps the end token last
    }
}
