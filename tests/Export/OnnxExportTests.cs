using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Tests.Modeling;
using TorchSharp;
using static PriorClip.MLNet.Tests.Export.OnnxTestInputs;

namespace PriorClip.MLNet.Tests.Export;

/// <summary>
/// Each built-in config (shrunk where the full one is too large for a test) exported to ONNX and run in ONNX Runtime
/// gives TorchSharp's embeddings within 1e-4, on real images and captions, at batch sizes 1 and 7.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class OnnxExportTests(ITestOutputHelper output)
{
    const double Tolerance = 1e-4;

    public static IEnumerable<object[]> ImageConfigs() => [["tiny"], ["tiny-grid-positions"], ["priorclip-vit-b32"]];

    public static IEnumerable<object[]> TextConfigs() => [["tiny"], ["pir-closed"], ["priorclip-vit-b32"]];

    [Theory]
    [MemberData(nameof(ImageConfigs))]
    public void TheImageEncoderInOnnxRuntimeGivesTorchSharpsEmbeddings(string config)
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.ByName(config), seed: 11);
        model.eval();
        using var session = new InferenceSession(PriorClipOnnxExporter.ExportImageEncoder(model, PixelNormalization.Clip));
        int s = model.ImageSize;
        foreach (int batch in new[] { 1, 7 })
        {
            var pixels = Pixels(s, batch);
            float[]? instruction = model.RequiresExternalInstruction
                ? Enumerable.Range(0, batch * model.InstructionWidth).Select(i => MathF.Sin(0.37f * i)).ToArray()
                : null;
            float[] expected;
            using (torch.no_grad())
            using (var raw = torch.tensor(pixels, [batch, 3, s, s]))
            using (var normalized = PixelNormalization.Clip.Apply(raw))
            using (var instructionTensor = instruction is null ? null : torch.tensor(instruction, [batch, model.InstructionWidth]))
            using (var embedding = model.EncodeImage(normalized, instructionTensor))
                expected = embedding.data<float>().ToArray();

            var inputs = new List<NamedOnnxValue> { Input(PriorClipOnnxExporter.PixelsInput, pixels, batch, 3, s, s) };
            if (instruction is not null) inputs.Add(Input(PriorClipOnnxExporter.InstructionInput, instruction, batch, model.InstructionWidth));
            var (actual, shape) = Run(session, [.. inputs]);

            Assert.Equal(new long[] { batch, model.EmbedDim }, shape);
            double worst = MaxDifference(expected, actual);
            output.WriteLine($"{config}, batch {batch}: largest difference {worst:E2}");
            Assert.True(worst <= Tolerance, $"{config}, batch {batch}: largest difference {worst:E2} exceeds {Tolerance:E0}");
        }
    }

    [Theory]
    [MemberData(nameof(TextConfigs))]
    public void TheTextEncoderInOnnxRuntimeGivesTorchSharpsEmbeddings(string config)
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.ByName(config), seed: 12);
        model.eval();
        using var session = new InferenceSession(PriorClipOnnxExporter.ExportTextEncoder(model, PixelNormalization.Clip));
        int length = model.ContextLength;
        foreach (int batch in new[] { 1, 7 })
        {
            var (ids, mask) = Captions(length, batch);
            Assert.Contains(0f, mask); // padding is present, so the masks are exercised
            float[] expected;
            using (torch.no_grad())
            using (var idTensor = torch.tensor(ids.Select(i => (long)i).ToArray(), [batch, length]))
            using (var maskTensor = torch.tensor(mask, [batch, length]))
            using (var embedding = model.EncodeText(idTensor, maskTensor))
                expected = embedding.data<float>().ToArray();

            var (actual, shape) = Run(session,
                Input(PriorClipOnnxExporter.TokensInput, ids, batch, length), Input(PriorClipOnnxExporter.TokenMaskInput, mask, batch, length));

            Assert.Equal(new long[] { batch, model.EmbedDim }, shape);
            double worst = MaxDifference(expected, actual);
            output.WriteLine($"{config}, batch {batch}: largest difference {worst:E2}");
            Assert.True(worst <= Tolerance, $"{config}, batch {batch}: largest difference {worst:E2} exceeds {Tolerance:E0}");
        }
    }
}
