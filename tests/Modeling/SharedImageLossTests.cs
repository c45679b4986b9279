using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

/// <summary>Image-major batches: each image encoded once for all its captions gives the loss and gradients of repeating it.</summary>
[Collection(LibTorchCollection.Name)]
public class SharedImageLossTests
{
    [Theory]
    [InlineData("tiny")]
    [InlineData("pir-closed")]
    [InlineData("priorclip-vit-b32")]
    public void EncodingEachImageOnceGivesTheLossAndGradientsOfRepeatingIt(string name)
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.ByName(name), seed: 21);
        model.eval(); // no dropout, so both forwards compute the same function
        // In double precision: both paths sum the same terms in a different order, and in float32 the
        // rounding of that order depends on the CPU's SIMD width (CI's machine differed at 1e-4).
        model.to(torch.float64);
        var (pixels, instruction32) = TestBatches.Images(model, 3, seed: 22);
        var images = pixels.to(torch.float64);
        var instruction = instruction32?.to(torch.float64);
        pixels.Dispose(); instruction32?.Dispose();
        var (ids, mask) = TestBatches.Captions(model, 6, model.ContextLength, seed: 23);
        using var rowImages = torch.tensor(new long[] { 0, 0, 1, 1, 2, 2 });
        using var imageIds = rowImages.clone();
        using var classes = torch.tensor(new long[] { 0, 0, 1, 1, 0, 0 });
        using var repeated = images.index_select(0, rowImages);
        using var repeatedInstruction = instruction?.index_select(0, rowImages);

        var (sharedLoss, sharedGrads) = LossAndGradients(model, () => model.ComputeLoss(images, instruction, ids, mask, imageIds, classes, rowImages));
        var (repeatedLoss, repeatedGrads) = LossAndGradients(model, () => model.ComputeLoss(repeated, repeatedInstruction, ids, mask, imageIds, classes));

        Assert.Equal(repeatedLoss, sharedLoss, 10);
        foreach (var (parameter, grad) in repeatedGrads)
            Assert.True(grad.allclose(sharedGrads[parameter], rtol: 1e-9, atol: 1e-12), $"gradient of {parameter} differs");
        images.Dispose(); instruction?.Dispose(); ids.Dispose(); mask.Dispose();
    }

    static (double Loss, Dictionary<string, Tensor> Gradients) LossAndGradients(PriorClipModel model, Func<PriorClipLossParts> loss)
    {
        model.zero_grad();
        double value;
        using (var parts = loss())
        {
            parts.Total.backward();
            value = parts.Total.ToDouble();
        }
        var grads = model.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
        return (value, grads);
    }
}
