using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Import;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Modeling.Prior;
using PriorClip.MLNet.Pipelines.Recipes;
using TorchSharp;
using static PriorClip.MLNet.Tests.Import.CheckpointFixtures;

namespace PriorClip.MLNet.Tests.Import;

/// <summary>Pretrained priors from checkpoints PyTorch wrote give PyTorch's features on the fixture images.</summary>
[Collection(LibTorchCollection.Name)]
public class PriorCheckpointTests
{
    sealed class Row
    {
        public string ImagePath { get; set; } = "";
    }

    static torch.Tensor Pixels()
    {
        var ml = new MLContext();
        var rows = ml.Data.LoadFromEnumerable(Images("rn").Select(p => new Row { ImagePath = p }).ToList());
        var pixels = RetrievalPipeline.ImagePreprocessing(ml, 64).Fit(rows).Transform(rows).GetColumn<float[]>("Pixels").SelectMany(p => p).ToArray();
        return PixelNormalization.Clip.Apply(torch.tensor(pixels, [4, 3, 64, 64]));
    }

    [Fact]
    public void TorchvisionResNetPriorGivesPyTorchsFeaturesAndLogits()
    {
        using var contents = PriorCheckpoint.Read(Path("torchvision_resnet.pt"));
        Assert.Equal(PriorTrunkKind.ResNet, contents.Instruction.ClassifierKind);
        Assert.Equal([1, 1, 1, 1], contents.Instruction.ClassifierStageDepths);
        Assert.Equal((8, 5), (contents.Instruction.ClassifierWidth, contents.Instruction.SceneClasses));
        using var prior = new SceneClassifier(contents.Instruction, 64);
        PriorCheckpoint.Load(prior, contents);
        using var pixels = Pixels();
        AssertClose("torchvision_features.npy", Rows(prior.Features(pixels)));
        AssertClose("torchvision_logits.npy", Rows(prior.Logits(pixels)));
        Assert.True(prior.IsFrozen);
    }

    [Fact]
    public void ClipModifiedResNetPriorGivesPyTorchsAttentionPool()
    {
        using var contents = PriorCheckpoint.Read(Path("rn_open_clip.pt"), sceneClasses: 12);
        Assert.Equal(PriorTrunkKind.ClipResNet, contents.Instruction.ClassifierKind);
        Assert.Equal((8, 4, 32, 64), (contents.Instruction.ClassifierWidth, contents.Instruction.ClassifierHeads, contents.Instruction.ClassifierOutputDim, contents.Instruction.ClassifierImageSize));
        Assert.True(contents.Ignored > 0); // the text tower
        using var prior = new SceneClassifier(contents.Instruction, 64);
        PriorCheckpoint.Load(prior, contents);
        Assert.Equal(32, prior.FeatureWidth);
        using var pixels = Pixels();
        AssertClose("rn_attnpool.npy", Rows(prior.Features(pixels)));
    }

    [Fact]
    public void AViTCheckpointIsNotAPrior()
    {
        var ex = Assert.Throws<InvalidDataException>(() => PriorCheckpoint.Read(Path("vit_open_clip.pt")));
        Assert.Contains("neither a torchvision ResNet", ex.Message);
    }

    static float[][] Rows(torch.Tensor t)
    {
        var values = t.data<float>().ToArray();
        int d = (int)t.shape[1];
        return Enumerable.Range(0, (int)t.shape[0]).Select(r => values.AsSpan(r * d, d).ToArray()).ToArray();
    }
}
