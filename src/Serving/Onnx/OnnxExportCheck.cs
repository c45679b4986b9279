using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms.Tokenization;
using TorchSharp;

namespace PriorClip.MLNet.Serving.Onnx;

/// <summary>Largest differences between an export's ONNX Runtime embeddings and the TorchSharp model's.</summary>
/// <param name="ImageDifference">Largest |ONNX − TorchSharp| over the image embeddings checked.</param>
/// <param name="TextDifference">Largest |ONNX − TorchSharp| over the caption embeddings checked.</param>
/// <param name="Images">Images checked.</param>
/// <param name="Captions">Captions checked.</param>
public sealed record OnnxExportCheck(double ImageDifference, double TextDifference, int Images, int Captions)
{
    /// <summary>What <c>priorclip export</c> accepts: ONNX Runtime and TorchSharp agree to float rounding (measured ≈ 2e-7).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>True when both differences are within <see cref="Tolerance"/>.</summary>
    public bool Passed => ImageDifference <= Tolerance && TextDifference <= Tolerance;

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    /// <summary>
    /// Encodes a few deterministic inputs — a gradient image per colour channel and a noise image (and a matching
    /// instruction when the prior is external), and captions the tokenizer knows — with the fitted model and with its
    /// export in <paramref name="exportDirectory"/>, and returns the largest differences.
    /// </summary>
    public static OnnxExportCheck Run(ITransformer model, string exportDirectory, IReadOnlyList<string>? captions = null)
    {
        var encoder = RetrievalModelParts.From(model).Encoder;
        var tokenizer = RetrievalModelParts.Flatten(model).OfType<PriorClipTokenizingTransformer>().Single();
        using var onnx = OnnxBatchEncoder.Open(exportDirectory);
        var torchModel = encoder.Model;
        int s = encoder.ImageSize, n = 4, p = torchModel.InstructionWidth;

        var pixels = new float[n * 3 * s * s];
        var random = new Random(7);
        for (int i = 0; i < pixels.Length; i++)
        {
            int image = i / (3 * s * s), channel = i / (s * s) % 3, x = i % s;
            pixels[i] = image < 3 ? (channel == image ? 255f * x / (s - 1) : 40f) : random.Next(256);
        }
        float[]? instruction = p > 0 ? Enumerable.Range(0, n * p).Select(i => MathF.Sin(0.37f * i)).ToArray() : null;
        float[] expectedImages;
        using (torch.no_grad())
        using (var raw = torch.tensor(pixels, [n, 3, s, s]))
        using (var normalized = encoder.Normalization.Apply(raw))
        using (var instructionTensor = instruction is null ? null : torch.tensor(instruction, [n, p]))
        using (var embedding = torchModel.EncodeImage(normalized, instructionTensor))
            expectedImages = embedding.data<float>().ToArray();
        double imageDifference = MaxDifference(expectedImages, onnx.EncodePixels(pixels, n, instruction));

        captions ??= tokenizer.WordVocabulary is { Count: > 6 } words
            ? [$"{words[4]} {words[5]}", words[6], $"{words[5]} and {words[4]} next to {words[6]}"]
            : ["a river next to a road", "storage tanks", "many buildings and some green trees are around a playground"];
        var ml = new MLContext(seed: 0);
        var definition = SchemaDefinition.Create(typeof(CaptionRow));
        definition[0].ColumnName = tokenizer.InputColumnName;
        var tokens = tokenizer.Transform(ml.Data.LoadFromEnumerable(captions.Select(c => new CaptionRow { Caption = c }), definition));
        var ids = tokens.GetColumn<int[]>("Tokens").SelectMany(t => t).ToArray();
        var mask = tokens.GetColumn<float[]>("TokenMask").SelectMany(m => m).ToArray();
        int l = tokenizer.SequenceLength, c = captions.Count;
        float[] expectedTexts;
        using (torch.no_grad())
        using (var idTensor = torch.tensor(ids.Select(i => (long)i).ToArray(), [c, l]))
        using (var maskTensor = torch.tensor(mask, [c, l]))
        using (var embedding = torchModel.EncodeText(idTensor, maskTensor))
            expectedTexts = embedding.data<float>().ToArray();
        double textDifference = MaxDifference(expectedTexts, onnx.EncodeTokens(ids, mask, c, l));
        return new OnnxExportCheck(imageDifference, textDifference, n, c);
    }

    static double MaxDifference(float[] expected, float[] actual)
    {
        if (expected.Length != actual.Length)
            throw new InvalidOperationException($"the ONNX encoder returned {actual.Length} values where TorchSharp returned {expected.Length}");
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs((double)expected[i] - actual[i]));
        return worst;
    }
}
