using PriorClip.MLNet.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class PersistenceTests
{
    [Fact]
    public void SavedWeightsAndBatchNormStatisticsRestoreTheSameEncoders()
    {
        using var trained = PriorClipModelFactory.Create(TestConfigs.Tiny(), seed: 51);
        // One training-mode forward updates BatchNorm running statistics (buffers, not parameters).
        var (pixels, _) = TestBatches.Images(trained, 4, seed: 52);
        var (ids, mask) = TestBatches.Captions(trained, 4, trained.ContextLength, seed: 53);
        using (pixels) using (ids) using (mask)
        {
            trained.train();
            using (torch.no_grad()) trained.EncodeImage(pixels).Dispose();

            var stream = new MemoryStream();
            trained.save(stream); // TorchSharp closes the stream it is given
            var bytes = stream.ToArray();

            using var restored = PriorClipModelFactory.Create(TestConfigs.Tiny(), seed: 99);
            restored.load(new MemoryStream(bytes));
            trained.eval();
            restored.eval();
            using var noGrad = torch.no_grad();
            using var v1 = trained.EncodeImage(pixels);
            using var v2 = restored.EncodeImage(pixels);
            using var t1 = trained.EncodeText(ids, mask);
            using var t2 = restored.EncodeText(ids, mask);
            Assert.True(v1.sub(v2).abs().max().ToDouble() < 1e-6);
            Assert.True(t1.sub(t2).abs().max().ToDouble() < 1e-6);
            Assert.Equal(trained.LogitScaleParameter.ToSingle(), restored.LogitScaleParameter.ToSingle());
        }
    }
}
