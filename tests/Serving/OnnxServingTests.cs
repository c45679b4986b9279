using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Serving.Onnx;
using PriorClip.MLNet.Tests.Data.Synthetic;
using PriorClip.MLNet.Tests.Import;
using PriorClip.MLNet.Tests.Transforms;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Tokenization;

namespace PriorClip.MLNet.Tests.Serving;

/// <summary>
/// The trained demo model exported to ONNX and served by plain ML.NET pipelines (<c>ApplyOnnxModel</c>): the same
/// embeddings as <c>PriorClipEncode</c>, and the pipelines' .zip files load and run in a fresh process without
/// <c>RegisterPriorClip()</c> and without TorchSharp.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class OnnxServingTests : IDisposable
{
    const double Tolerance = 1e-4;
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");

    readonly TempDirectory _dir = new();
    readonly MLContext _ml = new(seed: 1);
    readonly ITransformer _model;
    readonly string _export;

    sealed class PathRow { public string ImagePath { get; set; } = ""; }

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    public OnnxServingTests()
    {
        _ml.RegisterPriorClip();
        _model = _ml.Model.Load(DemoModel, out _);
        _export = Path.Combine(_dir.Path, "onnx");
        PriorClipOnnxExporter.Export(_model, _export);
    }

    public void Dispose() => _dir.Dispose();

    static string[] ImagePaths() => [.. CheckpointFixtures.Images("rn"), .. CheckpointFixtures.Images("vit")];

    static string[] Captions() => [.. CheckpointFixtures.Captions(), "a river next to a road", "two storage tanks"];

    [Fact]
    public void TheExportDirectoryDescribesTheModelForAConsumer()
    {
        var manifest = OnnxExportManifest.Read(_export);
        var encoder = RetrievalModelParts.From(_model).Encoder;
        Assert.Equal("tiny", manifest.ModelConfig);
        Assert.Equal(64, manifest.ImageSize);
        Assert.Equal("fill", manifest.Resizing);
        Assert.Equal(encoder.Normalization.Mean, manifest.Mean);
        Assert.Equal(encoder.Normalization.Std, manifest.Std);
        Assert.Equal(encoder.EmbeddingDimension, manifest.EmbeddingDimension);
        Assert.Equal(0, manifest.InstructionWidth); // tiny's prior is built in, so it is inside the image graph
        Assert.Equal("word", manifest.Tokenizer.Kind);
        var tokenizer = RetrievalModelParts.Flatten(_model).OfType<PriorClipTokenizingTransformer>().Single();
        Assert.Equal(tokenizer.SequenceLength, manifest.Tokenizer.SequenceLength);
        var vocabulary = File.ReadAllLines(OnnxExportManifest.Resolve(_export, manifest.Tokenizer.Vocabulary!));
        Assert.Equal(tokenizer.WordVocabulary, vocabulary);
        Assert.True(new FileInfo(OnnxExportManifest.Resolve(_export, manifest.ImageEncoder)).Length > 100_000);
        Assert.True(new FileInfo(OnnxExportManifest.Resolve(_export, manifest.TextEncoder)).Length > 100_000);
        Assert.Empty(Directory.GetFiles(_export, "*.tmp*")); // written under temporary names and renamed
    }

    [Fact]
    public void TheImagePipelineGivesPriorClipEncodesEmbeddingsAndLoadsElsewhereWithoutRegistration()
    {
        var paths = _ml.Data.LoadFromEnumerable(ImagePaths().Select(p => new PathRow { ImagePath = p }));
        var expected = RetrievalModelParts.From(_model).ImageSide.Transform(paths).GetColumn<float[]>("ImageEmbedding").ToArray();

        var serving = _ml.Transforms.ApplyPriorClipOnnxImageEncoder(_export).Fit(paths);
        var actual = serving.Transform(paths).GetColumn<float[]>("ImageEmbedding").ToArray();
        AssertClose(expected, actual);

        var zip = Path.Combine(_dir.Path, "image-onnx.zip");
        _ml.Model.Save(serving, paths.Schema, zip);
        var fresh = FreshProcess.LoadAndTransformImagePathsUnregistered(zip, ImagePaths());
        Assert.True(fresh.ExitCode == 0, fresh.StdErr);
        AssertClose(expected, fresh.Columns!["ImageEmbedding"].Select(r => r.Select(v => (float)v).ToArray()).ToArray());
        AssertRanWithoutTorchSharp(fresh);
    }

    [Fact]
    public void TheTextPipelineGivesPriorClipEncodesEmbeddingsAndLoadsElsewhereWithoutRegistration()
    {
        var captions = _ml.Data.LoadFromEnumerable(Captions().Select(c => new CaptionRow { Caption = c }));
        var expected = RetrievalModelParts.From(_model).TextSide.Transform(captions).GetColumn<float[]>("TextEmbedding").ToArray();

        // The model's own tokenizer makes the Tokens/TokenMask columns the ONNX text encoder reads.
        var tokenizer = RetrievalModelParts.Flatten(_model).OfType<PriorClipTokenizingTransformer>().Single();
        var tokens = tokenizer.Transform(captions);
        var serving = _ml.Transforms.ApplyPriorClipOnnxTextEncoder(_export).Fit(tokens);
        AssertClose(expected, serving.Transform(tokens).GetColumn<float[]>("TextEmbedding").ToArray());

        // Tokenizer + ONNX encoder as one chain: caption in, embedding out (loads with RegisterPriorClip, no TorchSharp weights).
        var chain = new TransformerChain<ITransformer>(tokenizer, serving);
        AssertClose(expected, chain.Transform(captions).GetColumn<float[]>("TextEmbedding").ToArray());

        var zip = Path.Combine(_dir.Path, "text-onnx.zip");
        _ml.Model.Save(serving, tokens.Schema, zip);
        var ids = tokens.GetColumn<int[]>("Tokens").ToArray();
        var mask = tokens.GetColumn<float[]>("TokenMask").ToArray();
        var fresh = FreshProcess.LoadAndTransformTokensUnregistered(zip, ids, mask);
        Assert.True(fresh.ExitCode == 0, fresh.StdErr);
        AssertClose(expected, fresh.Columns!["TextEmbedding"].Select(r => r.Select(v => (float)v).ToArray()).ToArray());
        AssertRanWithoutTorchSharp(fresh);
    }

    static void AssertRanWithoutTorchSharp(FreshProcess.Result fresh)
    {
        var loaded = fresh.StdErr.Split('\n').Last(l => l.StartsWith("assemblies: ", StringComparison.Ordinal))["assemblies: ".Length..].Split(',');
        Assert.Contains("Microsoft.ML.OnnxTransformer", loaded);
        Assert.DoesNotContain("TorchSharp", loaded);
        Assert.DoesNotContain("PriorClip.MLNet", loaded);
    }

    static void AssertClose(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (int c = 0; c < expected[r].Length; c++) worst = Math.Max(worst, Math.Abs(expected[r][c] - actual[r][c]));
        }
        Assert.True(worst <= Tolerance, $"largest difference {worst:E2} exceeds {Tolerance:E0}");
    }
}

/// <summary>
/// An imported OpenAI-layout CLIP ViT checkpoint (the PyTorch-written fixture), exported and encoded by ONNX Runtime
/// through <see cref="OnnxBatchEncoder"/>: CLIP's BPE tokenizer from the export's tokenizer.zip, the shortest-side resize
/// and centre crop, causal attention and end-of-text pooling give PyTorch's own embeddings.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class OnnxImportedClipTests : IDisposable
{
    // The fixture holds OpenAI-trained-style weights in open_clip's layout, which cannot tell its activation.
    static readonly PriorClip.MLNet.Modeling.Import.ClipImportOptions QuickGelu = new() { Activation = PriorClip.MLNet.Modeling.Configs.ActivationKind.QuickGelu };

    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AnExportedClipViTCheckpointEncodesFilesAndCaptionsAsPyTorchDoes()
    {
        var ml = new MLContext(seed: 1);
        var imported = ClipCheckpointPipeline.Import(ml, CheckpointFixtures.Path("vit_open_clip.pt"), CheckpointFixtures.Path("tokenizer"), QuickGelu);
        var manifest = PriorClipOnnxExporter.Export(imported.Model, _dir.Path);
        Assert.Equal(("clip-bpe", "iso_crop", 77), (manifest.Tokenizer.Kind, manifest.Resizing, manifest.Tokenizer.SequenceLength));
        Assert.Null(manifest.Tokenizer.Vocabulary);

        using var encoder = OnnxBatchEncoder.Open(_dir.Path, new OnnxExecutionOptions { BatchSize = 3 }); // 4 images: a full batch and a partial one
        Assert.Equal("CPU", encoder.ExecutionProvider);
        var reported = new List<int>();
        var images = encoder.EncodeImageFiles(CheckpointFixtures.Images("vit"), new SyncProgress(reported));
        Assert.Equal([3, 4], reported);
        CheckpointFixtures.AssertClose("vit_image.npy", Enumerable.Range(0, images.Rows).Select(r => images.Row(r).ToArray()).ToList());
        var texts = encoder.EncodeCaptions(CheckpointFixtures.Captions());
        CheckpointFixtures.AssertClose("vit_text.npy", Enumerable.Range(0, texts.Rows).Select(r => texts.Row(r).ToArray()).ToList());

        var check = OnnxExportCheck.Run(imported.Model, _dir.Path);
        Assert.True(check.Passed, $"{check}");
    }

    [Fact]
    public void AskingForCudaOnTheCpuBuildNamesWhatIsMissingAndFallsBackOnlyWhenAllowed()
    {
        var ml = new MLContext(seed: 1);
        var imported = ClipCheckpointPipeline.Import(ml, CheckpointFixtures.Path("vit_open_clip.pt"), CheckpointFixtures.Path("tokenizer"), QuickGelu);
        PriorClipOnnxExporter.Export(imported.Model, _dir.Path);
        var error = Assert.Throws<InvalidOperationException>(() => OnnxBatchEncoder.Open(_dir.Path, new OnnxExecutionOptions { Device = OnnxDevice.Cuda }));
        Assert.Contains("CUDA execution provider cannot be used", error.Message);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux", error.Message);
        using var fallback = OnnxBatchEncoder.Open(_dir.Path, new OnnxExecutionOptions { Device = OnnxDevice.Cuda, FallbackToCpu = true });
        Assert.StartsWith("CPU (CUDA unavailable", fallback.ExecutionProvider);
    }

    sealed class SyncProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
