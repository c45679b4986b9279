using PriorClip.MLNet.Trainers.Augmentation;

namespace PriorClip.MLNet.Tests.Trainers.Augmentation;

public class ResamplingTests
{
    [Fact]
    public void SameSizeResizeIsExactIdentity()
    {
        var data = Enumerable.Range(0, 3 * 5 * 4).Select(i => (float)(i * 7 % 256)).ToArray();
        var image = new PlanarImage(data, 3, 5, 4);
        Assert.Equal(data, BicubicResampler.Resize(image, 0, 0, 5, 4, 5, 4).Data);
    }

    [Fact]
    public void ConstantImageStaysConstantWhenShrunkOrEnlarged()
    {
        var image = new PlanarImage(Enumerable.Repeat(77f, 3 * 16 * 16).ToArray(), 3, 16, 16);
        foreach (var size in new[] { 5, 16, 40 })
            Assert.All(BicubicResampler.Resize(image, 2, 3, 10, 12, size, size).Data, v => Assert.Equal(77f, v, 3));
    }

    [Fact]
    public void RegionOutsideImageIsRejected()
    {
        var image = new PlanarImage(3, 8, 8);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BicubicResampler.Resize(image, 4, 0, 5, 8, 4, 4));
        Assert.Contains("outside the 8×8 image", error.Message);
    }

    [Fact]
    public void CropBoxesStayInsideAndRespectTheScaleRange()
    {
        var rng = new Random(3);
        for (int i = 0; i < 500; i++)
        {
            var (top, left, h, w) = RandomResizedCrop.SampleBox(64, 48, 0.5, 1.0, 3.0 / 4, 4.0 / 3, rng);
            Assert.InRange(top, 0, 64 - h);
            Assert.InRange(left, 0, 48 - w);
            // Rounding of the sides lets the area drift a little around the requested fraction.
            Assert.InRange(h * w / (64.0 * 48), 0.45, 1.0);
        }
    }
}
