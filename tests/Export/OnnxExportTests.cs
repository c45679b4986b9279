using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Image;
using Xunit.Abstractions;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Export.Onnx.Emitters;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Import;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Modeling.Prior;
using PriorClip.MLNet.Tests.Import;
using PriorClip.MLNet.Tests.Modeling;
using TorchSharp;
using TorchSharp.Modules;
using static PriorClip.MLNet.Tests.Export.OnnxTestInputs;

namespace PriorClip.MLNet.Tests.Export;

/// <summary>
/// Each built-in config (shrunk where the full one is too large for a test) exported to ONNX and run in ONNX Runtime
/// gives TorchSharp's embeddings within 1e-4, on real images and captions, at batch sizes 1 and 7; so do the scene
/// priors on their own, and the checkpoints PyTorch wrote give PyTorch's embeddings and features too.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class OnnxExportTests(ITestOutputHelper output)
{
    const double Tolerance = 1e-4;

    public static IEnumerable<object[]> ImageConfigs() =>
    [
        ["tiny"], ["tiny-grid-positions"], ["priorclip-vit-b32"], ["pir-closed"], ["pir-closed-resnet50"], ["pir-closed-clip-resnet"],
        ["tiny-resnet-prior"], ["tiny-clip-resnet-prior-96"], ["tiny-clip-resnet-prior-32"],
    ];

    public static IEnumerable<object[]> PriorConfigs() => [["tiny"], ["tiny-resnet-prior"], ["tiny-clip-resnet-prior-96"], ["tiny-clip-resnet-prior-32"]];

    public static IEnumerable<object[]> TextConfigs() => [["tiny"], ["pir-closed"], ["priorclip-vit-b32"]];

    /// <summary>
    /// The shrunk built-in configs, and tiny with its scene-classifier prior on a torchvision ResNet or on CLIP's
    /// modified ResNet trained at another size than the model's (96 px: the prior upsamples the 64 px pixels
    /// bilinearly; 32 px: it downsamples them).
    /// </summary>
    static PriorClipModelConfig ImageConfig(string name)
    {
        var tiny = TestConfigs.Tiny();
        var resnet = tiny.Instruction with { ClassifierKind = PriorTrunkKind.ResNet, ClassifierStageDepths = [1, 1, 1, 1], ClassifierWidth = 8 };
        var clip = resnet with { ClassifierKind = PriorTrunkKind.ClipResNet, ClassifierHeads = 4, ClassifierOutputDim = 32 };
        return name switch
        {
            "tiny-resnet-prior" => tiny with { Instruction = resnet },
            "tiny-clip-resnet-prior-96" => tiny with { Instruction = clip with { ClassifierImageSize = 96 } },
            "tiny-clip-resnet-prior-32" => tiny with { Instruction = clip with { ClassifierImageSize = 32 } },
            _ => TestConfigs.ByName(name),
        };
    }

    [Theory]
    [MemberData(nameof(ImageConfigs))]
    public void TheImageEncoderInOnnxRuntimeGivesTorchSharpsEmbeddings(string config)
    {
        using var model = PriorClipModelFactory.Create(ImageConfig(config), seed: 11);
        Sharpen(model);
        using var session = ImageSession(model);
        AssertImageEncoderMatchesTorchSharp(model, session, config);
    }

    /// <summary>
    /// The CLIP modified-ResNet checkpoint PyTorch wrote (attention pool, randomised BatchNorm statistics) exported:
    /// ONNX Runtime gives TorchSharp's embeddings, and PyTorch's own (rn_image.npy) on the four 64 px fixture images.
    /// </summary>
    [Fact]
    public void AnImportedClipResNetCheckpointInOnnxRuntimeGivesTorchSharpsAndPyTorchsEmbeddings()
    {
        using var model = ClipCheckpointImporter.Import(CheckpointFixtures.Path("rn_open_clip.pt")).Model;
        using var session = ImageSession(model);
        AssertImageEncoderMatchesTorchSharp(model, session, "rn_open_clip.pt");

        // The import pipeline's preprocessing (CLIP's shortest-side resize and centre crop) on the images PyTorch embedded.
        var paths = CheckpointFixtures.Images("rn");
        var pixels = Pixels(paths, model.ImageSize, ImageResizingEstimator.ResizingKind.IsoCrop);
        var (actual, shape) = Run(session, Input(PriorClipOnnxExporter.PixelsInput, pixels, paths.Length, 3, model.ImageSize, model.ImageSize));
        var reference = CheckpointFixtures.Reference("rn_image.npy");
        Assert.Equal(new long[] { reference.Rows, reference.Dimension }, shape);
        AssertClose(reference.Values.ToArray(), actual, $"rn_open_clip.pt against PyTorch (rn_image.npy), batch {paths.Length}");
    }

    /// <summary>
    /// The scene-classifier prior's feature (the instruction) checked on its own: through the whole image encoder a
    /// prior's error can be too small to see, since the instruction only steers the PAE.
    /// </summary>
    [Theory]
    [MemberData(nameof(PriorConfigs))]
    public void TheScenePriorInOnnxRuntimeGivesTorchSharpsFeatures(string config)
    {
        using var model = PriorClipModelFactory.Create(ImageConfig(config), seed: 11);
        Sharpen(model);
        using var session = PriorSession(model.SceneClassifier!, model.ImageSize);
        AssertPriorMatchesTorchSharp(model.SceneClassifier!, session, model.ImageSize, config);
    }

    /// <summary>
    /// Priors PyTorch wrote (a torchvision ResNet; CLIP's modified ResNet with its attention pool) give PyTorch's
    /// features on the four 64 px fixture images, and TorchSharp's at 64 px and at 96 px (CLIP's ResNet resizing to the
    /// 64 px it was trained at).
    /// </summary>
    [Theory]
    [InlineData("torchvision_resnet.pt", "torchvision_features.npy")]
    [InlineData("rn_open_clip.pt", "rn_attnpool.npy")]
    public void APretrainedScenePriorInOnnxRuntimeGivesPyTorchsFeatures(string checkpoint, string referenceNpy)
    {
        using var contents = PriorCheckpoint.Read(CheckpointFixtures.Path(checkpoint));
        foreach (int size in new[] { 64, 96 })
        {
            using var prior = new SceneClassifier(contents.Instruction, size);
            PriorCheckpoint.Load(prior, contents);
            using var session = PriorSession(prior, size);
            AssertPriorMatchesTorchSharp(prior, session, size, $"{checkpoint} at {size} px");
            if (size != 64) continue;
            var paths = CheckpointFixtures.Images("rn");
            var (actual, _) = Run(session, Input(PixelsName, Normalized(Pixels(paths, size, ImageResizingEstimator.ResizingKind.Fill), paths.Length, size), paths.Length, 3, size, size));
            var reference = CheckpointFixtures.Reference(referenceNpy);
            AssertClose(reference.Values.ToArray(), actual, $"{checkpoint} against PyTorch ({referenceNpy}), batch {paths.Length}");
        }
    }

    /// <summary>
    /// The prior's resize alone (through the prior a sub-pixel misalignment can be too small to see): ONNX Resize (linear,
    /// half_pixel) gives <c>interpolate(bilinear, align_corners: false)</c>'s pixels upsampling by 1.5 and by 3.5 (64 px
    /// to an RN50 prior's 224) and downsampling by 2 and by 1.5. Upsampled pixels differ by up to ~3e-5: ONNX Runtime
    /// divides by out/in where PyTorch multiplies by in/out, and the source coordinates round differently.
    /// </summary>
    [Theory]
    [InlineData(64, 96)]
    [InlineData(64, 32)]
    [InlineData(96, 64)]
    [InlineData(64, 224)]
    public void TheBilinearResizeInOnnxRuntimeGivesTorchsInterpolate(int from, int to)
    {
        var g = new OnnxGraph("resize");
        var resized = ClipResNetEmitter.Resize(g, g.Input(PixelsName, OnnxElementType.Float, "batch", 3L, (long)from, (long)from), to, "resized");
        g.Output(resized, "Resized", OnnxElementType.Float, "batch", 3L, (long)to, (long)to);
        using var session = new InferenceSession(g.ToModel(new Dictionary<string, string>(), "test", "resize"));
        foreach (int batch in new[] { 1, 7 })
        {
            var pixels = Normalized(Pixels(from, batch), batch, from);
            float[] expected;
            using (var input = torch.tensor(pixels, [batch, 3, from, from]))
            using (var interpolated = torch.nn.functional.interpolate(input, [to, to], mode: torch.InterpolationMode.Bilinear, align_corners: false))
                expected = interpolated.data<float>().ToArray();
            var (actual, shape) = Run(session, Input(PixelsName, pixels, batch, 3, from, from));
            Assert.Equal(new long[] { batch, 3, to, to }, shape);
            AssertClose(expected, actual, $"resize {from} -> {to}, batch {batch}");
        }
    }

    const string PixelsName = "NormalizedPixels";

    /// <summary><see cref="SceneClassifier.Features"/> alone (normalised pixels in, the instruction out) in ONNX Runtime.</summary>
    static InferenceSession PriorSession(SceneClassifier prior, int size)
    {
        var g = new OnnxGraph("prior");
        var features = ImageEmitter.SceneFeatures(g, prior, g.Input(PixelsName, OnnxElementType.Float, "batch", 3L, (long)size, (long)size), "prior");
        g.Output(features, "Features", OnnxElementType.Float, "batch", (long)prior.FeatureWidth);
        return new InferenceSession(g.ToModel(new Dictionary<string, string>(), "test", "prior"));
    }

    /// <summary>ONNX Runtime's prior features of real images against TorchSharp's at batch 1 and 7.</summary>
    void AssertPriorMatchesTorchSharp(SceneClassifier prior, InferenceSession session, int size, string label)
    {
        foreach (int batch in new[] { 1, 7 })
        {
            var pixels = Normalized(Pixels(size, batch), batch, size);
            float[] expected;
            using (torch.no_grad())
            using (var input = torch.tensor(pixels, [batch, 3, size, size]))
            using (var feature = prior.Features(input))
                expected = feature.data<float>().ToArray();
            var (actual, shape) = Run(session, Input(PixelsName, pixels, batch, 3, size, size));
            Assert.Equal(new long[] { batch, prior.FeatureWidth }, shape);
            AssertClose(expected, actual, $"{label} prior, batch {batch}", $"(features up to {expected.Max(Math.Abs):E2})");
        }
    }

    /// <summary>0–255 pixels [count,3,S,S] with CLIP's normalisation applied by TorchSharp.</summary>
    static float[] Normalized(float[] pixels, int count, int size)
    {
        using var raw = torch.tensor(pixels, [count, 3, size, size]);
        using var normalized = PixelNormalization.Clip.Apply(raw);
        return normalized.data<float>().ToArray();
    }

    /// <summary>Prints the largest difference of ONNX Runtime's values from the expected ones and asserts it is within <see cref="Tolerance"/>.</summary>
    void AssertClose(float[] expected, float[] actual, string label, string note = "")
    {
        double worst = MaxDifference(expected, actual);
        output.WriteLine($"{label}: largest difference {worst:E2} {note}".TrimEnd());
        Assert.True(worst <= Tolerance, $"{label}: largest difference {worst:E2} exceeds {Tolerance:E0}");
    }

    /// <summary>The model's image encoder exported and loaded into ONNX Runtime (the model is put in eval mode).</summary>
    static InferenceSession ImageSession(PriorClipModel model)
    {
        model.eval();
        return new InferenceSession(PriorClipOnnxExporter.ExportImageEncoder(model, PixelNormalization.Clip));
    }

    /// <summary>ONNX Runtime's embeddings of real images against TorchSharp's at batch 1 and 7.</summary>
    void AssertImageEncoderMatchesTorchSharp(PriorClipModel model, InferenceSession session, string label)
    {
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
            AssertClose(expected, actual, $"{label}, batch {batch}");
        }
    }

    /// <summary>
    /// Makes a freshly initialised model's export errors visible: every BatchNorm gets non-trivial running statistics and
    /// affine parameters (a new one normalises by mean 0, variance 1, which would hide a misplaced statistic), as the
    /// checkpoint fixtures do; Swin's relative position biases get unit scale (initialised at 0.02 they barely move the
    /// logits, so a wrong index would pass); and the attention pool's query and key projections are scaled by 4 (its
    /// attention is otherwise so flat that pooling from the wrong query token changes the feature by less than 1e-4).
    /// </summary>
    static void Sharpen(PriorClipModel model)
    {
        var generator = new torch.Generator(5);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in model.named_modules())
            if (module is BatchNorm2d bn)
            {
                long c = bn.running_mean!.shape[0];
                bn.running_mean.copy_(torch.randn(c, generator: generator).mul(0.1));
                bn.running_var!.copy_(torch.rand(c, generator: generator).add(0.5));
                bn.weight!.copy_(torch.rand(c, generator: generator).add(0.5));
                bn.bias!.copy_(torch.randn(c, generator: generator).mul(0.1));
            }
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith("relative_position_bias_table", StringComparison.Ordinal))
                parameter.copy_(torch.randn(parameter.shape, generator: generator));
            else if (name.EndsWith("attnpool.q_proj.weight", StringComparison.Ordinal) || name.EndsWith("attnpool.k_proj.weight", StringComparison.Ordinal))
                parameter.mul_(4);
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
            AssertClose(expected, actual, $"{config}, batch {batch}");
        }
    }
}
