using Microsoft.ML;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Tokenization;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// CLIP's byte-level BPE on hand-made fixtures whose expected ids are worked out below.
/// </summary>
/// <remarks>
/// Fixtures/Transforms/clip_hf: vocab.json with deliberately non-contiguous ids (start 100, end 101) and
/// merges.txt ranks: 0 "r e", 1 "re d&lt;/w&gt;", 2 "c a", 3 "ca r&lt;/w&gt;", 4 "Ã ©&lt;/w&gt;", 5 "ca r",
/// 6 "car s&lt;/w&gt;". A word's last symbol carries &lt;/w&gt;; at each step the adjacent pair with the
/// lowest rank merges.
/// </remarks>
public class ClipBpeTokenizerTests
{
    private static ClipBpeVocabulary HfVocabulary() =>
        ClipBpeVocabulary.FromHuggingFaceFiles(Fixture("clip_hf", "vocab.json"), Fixture("clip_hf", "merges.txt"));

    private static int[][] Encode(ClipBpeVocabulary vocabulary, int contextLength, params string[] captions)
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, captions);
        return Tokens(ml.Transforms.PriorClipTokenize(vocabulary, contextLength: contextLength).Fit(data).Transform(data));
    }

    [Fact]
    public void HuggingFaceFilesGiveHandWorkedIds()
    {
        // "A red car." → cleaned/lower-cased "a red car." → pieces "a", "red", "car", "."
        //   a:   [a</w>] = 10
        //   red: r e d</w> → (r,e) rank 0 → re d</w> → (re,d</w>) rank 1 → red</w> = 21
        //   car: c a r</w> → (c,a) rank 2 → ca r</w> → (ca,r</w>) rank 3 → car</w> = 23
        //   .:   [.</w>] = 14
        // "  Cars,\t RED  " → "cars, red" → "cars", ",", "red"
        //   cars: c a r s</w> → (c,a) 2 → ca r s</w> → (ca,r) 5 → car s</w> → (car,s</w>) 6 → cars</w> = 24
        //   ,: 15   red: 21
        // "2 cars" → "2" ([\p{N}] piece) = 40, cars = 24
        var ids = Encode(HfVocabulary(), 77, "A red car.", "  Cars,\t RED  ", "2 cars");
        Assert.Equal(Padded(77, 100, 10, 21, 23, 14, 101), ids[0]);
        Assert.Equal(Padded(77, 100, 24, 15, 21, 101), ids[1]);
        Assert.Equal(Padded(77, 100, 40, 24, 101), ids[2]);
    }

    [Fact]
    public void NonAsciiGoesThroughUtf8Bytes()
    {
        // "CAFÉ" → lower "café"; 'é' is UTF-8 C3 A9, whose byte-level characters are 'Ã' (U+00C3) and '©' (U+00A9).
        //   c a f Ã ©</w> → lowest pair (c,a) rank 2 → ca f Ã ©</w> → (Ã,©</w>) rank 4 → ca f Ã©</w>
        //   → no more merges: ca = 22, f = 5, Ã©</w> = 32
        var ids = Encode(HfVocabulary(), 77, "CAFÉ", "café");
        Assert.Equal(Padded(77, 100, 22, 5, 32, 101), ids[0]);
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public void OverLongCaptionIsTruncatedWithEndTokenLast()
    {
        // Full: start a red car a red car end = 100 10 21 23 10 21 23 101 (8 ids) → context 6:
        // the first 5 ids, then the end token (clip.tokenize(truncate=True)).
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, "a red car a red car");
        var output = ml.Transforms.PriorClipTokenize(HfVocabulary(), contextLength: 6).Fit(data).Transform(data);
        Assert.Equal([100, 10, 21, 23, 10, 101], Tokens(output)[0]);
        Assert.Equal(MaskOf(6, 6), Mask(output)[0]);
    }

    [Fact]
    public void MaskCoversStartTokensAndEnd()
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, "a red car.");
        var output = ml.Transforms.PriorClipTokenize(HfVocabulary(), contextLength: 10).Fit(data).Transform(data);
        Assert.Equal(MaskOf(10, 6), Mask(output)[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t\n ")]
    public void EmptyCaptionNamesRowAndValue(string bad)
    {
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, "a red car", bad);
        var model = ml.Transforms.PriorClipTokenize(HfVocabulary()).Fit(data);
        var e = Assert.Throws<InvalidOperationException>(() => Tokens(model.Transform(data)));
        Assert.Contains("row 1 of column 'Caption'", e.Message);
        Assert.Contains("empty or whitespace-only", e.Message);
    }

    [Fact]
    public void OpenAiGzDerivesVocabularyLikeSimpleTokenizer()
    {
        // bpe_tiny.txt.gz = "#version: 0.2" + merges "r e", "re d</w>", "c a", "ca r</w>".
        // Derived ids: byte characters in bytes_to_unicode order ('!'=33 → 0, so 'a' = 97-33 = 64, 'c' 66,
        // 'd' 67, 'e' 68, 'r' 81, '.' 13), the same + </w> at +256, merges from 512 (re 512, red</w> 513,
        // ca 514, car</w> 515), then <|startoftext|> 516, <|endoftext|> 517.
        var vocabulary = ClipBpeVocabulary.FromOpenAiGz(Fixture("clip_openai", "bpe_tiny.txt.gz"));
        Assert.Equal(518, vocabulary.TokenIds.Count);
        Assert.Equal(516, vocabulary.StartOfTextId);
        Assert.Equal(517, vocabulary.EndOfTextId);
        // "A red car." → a</w> 320, red</w> 513, car</w> 515, .</w> 269.
        // "é" → bytes C3 A9 → 'Ã' (byte 195: 94 printable ASCII + 12 of A1..AC + (195-174) = index 127) and
        //   '©</w>' (byte 169: 94 + (169-161) = 102, + 256 = 358); no merge joins them.
        var ids = Encode(vocabulary, 8, "A red car.", "é");
        Assert.Equal([516, 320, 513, 515, 269, 517, 0, 0], ids[0]);
        Assert.Equal([516, 127, 358, 517, 0, 0, 0, 0], ids[1]);
    }

    [Fact]
    public void ByteAlphabetMatchesBytesToUnicode()
    {
        var alphabet = ByteLevel.Alphabet;
        Assert.Equal(256, alphabet.Count);
        Assert.Equal(256, alphabet.Distinct().Count());
        Assert.Equal("!", alphabet[0]);
        Assert.Equal("~", alphabet[93]);
        Assert.Equal("\u00A1", alphabet[94]);
        Assert.Equal("\u00FF", alphabet[187]);
        Assert.Equal("\u0100", alphabet[188]); // byte 0, the first non-printable byte
        Assert.Equal("\u0120", alphabet[188 + 32]); // byte 32 (space) → 'Ġ', as in GPT-2/CLIP
    }
}
