using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Prior;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class SceneClassifierTests
{
    [Fact]
    public void TrainsOnSceneLabelsThenFreezes()
    {
        torch.manual_seed(41);
        using var classifier = new SceneClassifier(new InstructionConfig { ClassifierStageWidths = [8, 16], SceneClasses = 3 }, imageSize: 16);
        Assert.True(classifier.IsFrozen);
        Assert.All(classifier.parameters(), p => Assert.False(p.requires_grad));

        var g = new torch.Generator(42);
        using var pixels = torch.randn([6, 3, 16, 16], generator: g);
        using var labels = torch.tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        classifier.Unfreeze();
        Assert.True(classifier.training);
        using var optimizer = torch.optim.Adam(classifier.parameters(), lr: 1e-2);
        double first = 0, last = 0;
        for (int step = 0; step < 30; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = classifier.ClassificationLoss(pixels, labels);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.ToDouble();
            last = loss.ToDouble();
        }
        Assert.True(last < 0.5 * first, $"{first} -> {last}");

        classifier.Freeze();
        classifier.train(); // a parent's train() must not wake a frozen prior
        Assert.False(classifier.training);
        using var features = classifier.Features(pixels);
        Assert.Equal(new long[] { 6, 16 }, features.shape);
        Assert.False(features.requires_grad);
        Assert.Equal(16, classifier.FeatureWidth);
    }
}
