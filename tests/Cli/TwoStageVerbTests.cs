using System.Text.Json;
using Microsoft.ML;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms;

namespace PriorClip.MLNet.Tests.Cli;

/// <summary>
/// The open-domain two-stage recipe from the command line on a small synthetic set: stage 1 contrastive on the
/// coarse captions (<c>open-tiny</c>), stage 2 <c>--init-from</c> stage 1 with <c>--stage instruction</c>.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class TwoStageVerbTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-cli-twostage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void StageTwoStartsFromStageOneWithTheTextTowerFrozen()
    {
        var synth = CliHarness.Run("synth", "--output", Path.Combine(_dir, "data"), "--train", "24", "--val", "12", "--test", "12", "--seed", "8");
        Assert.True(synth.ExitCode == 0, synth.ToString());
        string fine = Path.Combine(_dir, "data", "dataset_synthetic.json");
        string coarse = Path.Combine(_dir, "data", "dataset_synthetic_coarse.json");
        var coarseCaptions = JsonDocument.Parse(File.ReadAllText(coarse)).RootElement.GetProperty("images")[0].GetProperty("sentences")
            .EnumerateArray().Select(s => s.GetProperty("raw").GetString()!).ToList();
        Assert.Equal(5, coarseCaptions.Count);
        Assert.StartsWith("an aerial image of", coarseCaptions[0]);

        string[] common = ["--epochs", "1", "--batch-size", "12", "--seed", "3", "--no-augment"];
        string stage1 = Path.Combine(_dir, "stage1"), stage2 = Path.Combine(_dir, "stage2");
        var one = CliHarness.Run(["train", "-d", coarse, "--config", "open-tiny", "--vocabulary-from", fine, "-o", stage1, .. common]);
        Assert.True(one.ExitCode == 0, one.ToString());
        var two = CliHarness.Run(["train", "-d", fine, "--init-from", Path.Combine(stage1, "model.zip"), "--stage", "instruction", "--prior-epochs", "1", "-o", stage2, .. common]);
        Assert.True(two.ExitCode == 0, two.ToString());

        var ml = new MLContext().RegisterPriorClip();
        var first = RetrievalModelParts.From(ml.Model.Load(Path.Combine(stage1, "model.zip"), out _)).Encoder.Model;
        var second = RetrievalModelParts.From(ml.Model.Load(Path.Combine(stage2, "model.zip"), out _)).Encoder.Model;
        Assert.Equal(ImageHeadKind.Pooled, first.Config.ImageHead.Kind);
        Assert.Equal(ImageHeadKind.SoftBelief, second.Config.ImageHead.Kind);
        Assert.Equal(InstructionSource.SceneClassifier, second.Config.Instruction.Source);
        Assert.Equal(1.0, second.Config.Loss.AttributionWeight);

        // Frozen text tower: stage 2's text weights are stage 1's, bit for bit; the image tower moved.
        var a = first.state_dict();
        var b = second.state_dict();
        var textNames = a.Keys.Where(k => k.StartsWith("text.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(textNames);
        Assert.All(textNames, k => Assert.True(a[k].allclose(b[k], rtol: 0, atol: 0), $"text tensor {k} changed in stage 2"));
        Assert.False(a["visual.trunk.conv1.weight"].allclose(b["visual.trunk.conv1.weight"], rtol: 0, atol: 0), "the image tower should have been trained");

        var eval = CliHarness.Run("eval", "-m", Path.Combine(stage2, "model.zip"), "-d", fine, "--json", Path.Combine(_dir, "m.json"));
        Assert.True(eval.ExitCode == 0, eval.ToString());
    }
}
