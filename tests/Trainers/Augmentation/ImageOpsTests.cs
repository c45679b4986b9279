using PriorClip.MLNet.Trainers.Augmentation;

namespace PriorClip.MLNet.Tests.Trainers.Augmentation;

public class ImageOpsTests
{
    static PlanarImage Gray(int h, int w, params float[] values) => new(values, 1, h, w);

    [Fact]
    public void FlipMirrorsEachRow()
    {
        var flipped = ImageOps.FlipHorizontal(Gray(2, 3, 1, 2, 3, 4, 5, 6));
        Assert.Equal(new float[] { 3, 2, 1, 6, 5, 4 }, flipped.Data);
    }

    [Fact]
    public void AutoContrastStretchesEachChannelAndLeavesFlatChannels()
    {
        var image = new PlanarImage(new float[] { 50, 100, 150, 7, 7, 7 }, 2, 1, 3);
        var result = ImageOps.AutoContrast(image);
        Assert.Equal(new float[] { 0, 127.5f, 255, 7, 7, 7 }, result.Data);
    }

    [Fact]
    public void EqualizeSpreadsThreeEqualLevels()
    {
        // 255 pixels each at 10, 20, 30. PIL: step = (765 - 255) / 255 = 2; the table starts at
        // step/2 = 1 and adds each level's count: 10 -> 1/2 = 0, 20 -> (1+255)/2 = 128,
        // 30 -> (1+510)/2 = 255.
        var values = Enumerable.Repeat(10f, 255).Concat(Enumerable.Repeat(20f, 255)).Concat(Enumerable.Repeat(30f, 255)).ToArray();
        var result = ImageOps.Equalize(Gray(1, values.Length, values));
        Assert.Equal(0f, result.Data[0]);
        Assert.Equal(128f, result.Data[255]);
        Assert.Equal(255f, result.Data[510]);
    }

    [Fact]
    public void BrightnessScalesAndClamps()
    {
        Assert.Equal(new float[] { 200, 255 }, ImageOps.Brightness(Gray(1, 2, 100, 200), 2f).Data);
    }

    [Fact]
    public void SharpnessZeroGivesPilSmoothingAtInteriorPixels()
    {
        var image = Gray(3, 3, 0, 0, 0, 0, 13, 0, 0, 0, 0);
        // SMOOTH kernel: (sum of 3×3 + 4·centre) / 13 = (13 + 52) / 13 = 5; borders unchanged.
        Assert.Equal(new float[] { 0, 0, 0, 0, 5, 0, 0, 0, 0 }, ImageOps.Sharpness(image, 0f).Data);
        Assert.Equal(image.Data, ImageOps.Sharpness(image, 1f).Data);
    }

    [Fact]
    public void TranslateShiftsContentAndFillsWithGrey()
    {
        Assert.Equal(new float[] { 2, 3, ImageOps.FillValue }, ImageOps.TranslateX(Gray(1, 3, 1, 2, 3), 1).Data);
        Assert.Equal(new float[] { ImageOps.FillValue, 1, 2 }, ImageOps.TranslateX(Gray(1, 3, 1, 2, 3), -1).Data);
    }

    [Fact]
    public void RotateNinetyDegreesTurnsCounterClockwise()
    {
        var rotated = ImageOps.Rotate(Gray(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9), 90);
        Assert.Equal(new float[] { 3, 6, 9, 2, 5, 8, 1, 4, 7 }, rotated.Data);
    }

    [Fact]
    public void ZeroShearIsIdentity()
    {
        var image = Gray(2, 2, 1, 2, 3, 4);
        Assert.Equal(image.Data, ImageOps.ShearX(image, 0).Data);
        Assert.Equal(image.Data, ImageOps.ShearY(image, 0).Data);
    }

    [Fact]
    public void ShearXSamplesShiftedRows()
    {
        // Output (x, y) samples input (x + 1·(y - centre), y): the top row shifts right, bottom left.
        var sheared = ImageOps.ShearX(Gray(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1);
        Assert.Equal(new float[] { ImageOps.FillValue, 1, 2, 4, 5, 6, 8, 9, ImageOps.FillValue }, sheared.Data);
    }
}
