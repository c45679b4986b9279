using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Import;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary><c>priorclip export --onnx</c> and <c>priorclip encode --backend onnx</c> on the trained demo model.</summary>
[Collection(ConsoleCollection.Name)]
public class ExportVerbTests : IDisposable
{
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Export()
    {
        string onnx = Path.Combine(_dir, "onnx");
        var export = CliHarness.Run("export", "-m", DemoModel, "--onnx", onnx);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("Check against TorchSharp: 4 images max |diff|", export.Out);
        Assert.Contains("image_encoder.onnx", export.Out);
        Assert.True(File.Exists(Path.Combine(onnx, OnnxExportManifest.FileName)));
        return onnx;
    }

    [Fact]
    public void OnnxEncodingOfAFolderAndOfCaptionsGivesTheTorchSharpEmbeddings()
    {
        string onnx = Export();
        string folder = Path.Combine(_dir, "images");
        Directory.CreateDirectory(folder);
        foreach (var image in CheckpointFixtures.Images("rn").Concat(CheckpointFixtures.Images("vit")))
            File.Copy(image, Path.Combine(folder, Path.GetFileName(image)));
        string captions = Path.Combine(_dir, "captions.txt");
        File.WriteAllLines(captions, [.. CheckpointFixtures.Captions(), "two storage tanks next to a river"]);

        foreach (var (source, value, file) in new[] { ("--image-folder", folder, "images.npy"), ("--captions", captions, "texts.npy") })
        {
            string viaTorch = Path.Combine(_dir, "torch" + file), viaOnnx = Path.Combine(_dir, "onnx" + file);
            var torch = CliHarness.Run("encode", "-m", DemoModel, source, value, "-o", viaTorch);
            Assert.True(torch.ExitCode == 0, torch.ToString());
            var byOnnx = CliHarness.Run("encode", "--backend", "onnx", "-m", onnx, source, value, "-o", viaOnnx);
            Assert.True(byOnnx.ExitCode == 0, byOnnx.ToString());
            Assert.Contains("ONNX Runtime on CPU", byOnnx.Out);
            var expected = NpyFile.ReadEmbeddingMatrix(Path.Combine(viaTorch, file));
            var actual = NpyFile.ReadEmbeddingMatrix(Path.Combine(viaOnnx, file));
            Assert.Equal((expected.Rows, expected.Dimension), (actual.Rows, actual.Dimension));
            Assert.Equal(source == "--captions" ? 6 : 8, actual.Rows);
            double worst = 0;
            for (int i = 0; i < expected.Values.Length; i++) worst = Math.Max(worst, Math.Abs(expected.Values[i] - actual.Values[i]));
            Assert.True(worst <= 1e-4, $"{source}: largest difference {worst:E2}");
            var idFile = source == "--captions" ? "captions.txt" : "image_ids.txt";
            Assert.Equal(File.ReadAllLines(Path.Combine(viaTorch, idFile)), File.ReadAllLines(Path.Combine(viaOnnx, idFile)));
        }
    }

    [Fact]
    public void CudaOnTheCpuBuildFailsWithWhatIsMissingUnlessTheCpuIsAllowed()
    {
        string onnx = Export();
        string captions = Path.Combine(_dir, "captions.txt");
        File.WriteAllLines(captions, ["a river next to a road"]);

        var cuda = CliHarness.Run("encode", "--backend", "onnx", "--device", "cuda", "-m", onnx, "--captions", captions, "-o", Path.Combine(_dir, "cuda"));
        Assert.Equal(1, cuda.ExitCode);
        Assert.Contains("CUDA execution provider cannot be used", cuda.Error);
        Assert.Contains("-p:PriorClipOnnxRuntime=gpu", cuda.Error);
        Assert.Contains("--fallback-to-cpu", cuda.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "cuda", "texts.npy")));

        var fallback = CliHarness.Run("encode", "--backend", "onnx", "--device", "cuda", "--fallback-to-cpu", "-m", onnx, "--captions", captions, "-o", Path.Combine(_dir, "cpu"));
        Assert.True(fallback.ExitCode == 0, fallback.ToString());
        Assert.Contains("ONNX Runtime on CPU (CUDA unavailable", fallback.Out);
        Assert.True(File.Exists(Path.Combine(_dir, "cpu", "texts.npy")));
    }

    [Fact]
    public void BadInputNamesWhatIsWrong()
    {
        var zipForOnnx = CliHarness.Run("encode", "--backend", "onnx", "-m", DemoModel, "--captions", DemoModel, "-o", Path.Combine(_dir, "x"));
        Assert.Equal(1, zipForOnnx.ExitCode);
        Assert.Contains("give the folder written by 'priorclip export", zipForOnnx.Error);

        var noManifest = CliHarness.Run("encode", "--backend", "onnx", "-m", _dir, "--captions", DemoModel, "-o", Path.Combine(_dir, "x"));
        Assert.Equal(1, noManifest.ExitCode);
        Assert.Contains("no ONNX export manifest", noManifest.Error);

        string garbage = Path.Combine(_dir, "garbage.zip");
        File.WriteAllBytes(garbage, [1, 2, 3, 4]);
        var badModel = CliHarness.Run("export", "-m", garbage, "--onnx", Path.Combine(_dir, "never"));
        Assert.Equal(1, badModel.ExitCode);
        Assert.Contains("garbage.zip", badModel.Error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "never")));

        Assert.Equal(2, CliHarness.Run("encode", "--backend", "tensorrt", "-m", DemoModel, "--captions", DemoModel).ExitCode);
    }
}
