using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Tests.Import;
using PriorClip.MLNet.Tests.Modeling;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// <c>priorclip train --prior …</c> with every kind of visual prior on shrunk pir-closed- and priorclip-vit-b32-shaped
/// configs; each fitted .zip then encodes in a separate process exactly as in this one.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class PriorVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-prior-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static IEnumerable<object[]> Cases() =>
        from config in new[] { "pir-closed", "priorclip-vit-b32" }
        from prior in new[] { "builtin", "builtin-resnet50", "checkpoint:torchvision_resnet.pt", "checkpoint:rn_open_clip.pt", "onnx:torchvision_features.onnx" }
        select new object[] { config, prior };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainsWithThePriorAndTheZipEncodesInAFreshProcess(string configName, string prior)
    {
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "12", "--val", "12", "--test", "12", "--seed", "2");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string dataset = Path.Combine(_dir, "data", "dataset_synthetic.json");
        string configFile = Path.Combine(_dir, configName + ".json");
        File.WriteAllText(configFile, TestConfigs.ByName(configName).ToJson());

        string priorArg = prior.Contains(':') ? prior.Split(':')[0] + ":" + CheckpointFixtures.Path(prior.Split(':')[1]) : prior;
        string[] onnx = prior.StartsWith("onnx:", StringComparison.Ordinal)
            ? ["--prior-input", "pixels", "--prior-output", "features", "--prior-size", "64",
               "--prior-mean", "0.48145466,0.4578275,0.40821073", "--prior-std", "0.26862954,0.26130258,0.27577711"]
            : [];
        string run = Path.Combine(_dir, "run");
        var train = CliHarness.Run(["train", "-d", dataset, "--config", configFile, "--prior", priorArg, .. onnx,
            "--epochs", "1", "--batch-size", "12", "--prior-epochs", "1", "--no-augment", "-o", run]);
        Assert.True(train.ExitCode == 0, train.ToString());

        string zip = Path.Combine(run, "model.zip");
        string here = Path.Combine(_dir, "here"), there = Path.Combine(_dir, "there");
        var local = CliHarness.Run("encode", "-m", zip, "-d", dataset, "--split", "test", "-o", here);
        Assert.True(local.ExitCode == 0, local.ToString());
        using (var child = CliHarness.Start("encode", "-m", zip, "-d", dataset, "--split", "test", "-o", there))
        {
            string err = child.StandardError.ReadToEnd();
            child.WaitForExit();
            Assert.True(child.ExitCode == 0, err);
        }
        foreach (var file in new[] { "images.npy", "texts.npy" })
        {
            var a = NpyFile.ReadEmbeddingMatrix(Path.Combine(here, file));
            var b = NpyFile.ReadEmbeddingMatrix(Path.Combine(there, file));
            Assert.Equal(file == "images.npy" ? 12 : 60, a.Rows);
            Assert.True(a.Values.SequenceEqual(b.Values), $"{file} differs between processes");
            Assert.All(a.Values.ToArray(), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void AnExternalPriorConfigWithoutAPriorSaysHowToChooseOne()
    {
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "12", "--val", "12", "--test", "12", "--seed", "2");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        var train = CliHarness.Run("train", "-d", Path.Combine(_dir, "data", "dataset_synthetic.json"), "--config", "pir-closed", "-o", Path.Combine(_dir, "run"));
        Assert.Equal(1, train.ExitCode);
        Assert.Contains("model config 'pir-closed' takes its visual prior from an external Instruction column", train.Error);
        Assert.Contains("--prior builtin", train.Error);
    }
}
