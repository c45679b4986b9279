using PriorClip.MLNet.Trainers;
using TorchSharp;

namespace PriorClip.MLNet.Tests.Trainers;

[Collection(LibTorchCollection.Name)]
public class TorchDeviceSelectorTests
{
    [Fact]
    public void NoGpuIdMeansCpu() => Assert.Equal(DeviceType.CPU, TorchDeviceSelector.Select(null, false, 2).type);

    [Fact]
    public void VisibleGpuIsUsed()
    {
        var device = TorchDeviceSelector.Select(1, false, 2);
        Assert.Equal((DeviceType.CUDA, 1), (device.type, device.index));
    }

    [Fact]
    public void MissingGpuFallsBackOnlyWhenAllowed()
    {
        Assert.Equal(DeviceType.CPU, TorchDeviceSelector.Select(0, true, 0).type);
        var error = Assert.Throws<InvalidOperationException>(() => TorchDeviceSelector.Select(0, false, 0));
        Assert.Contains("MLContext.GpuDeviceId = 0", error.Message);
        Assert.Contains("FallbackToCpu", error.Message);
    }

    [Fact]
    public void ThisMachinesContextWithoutGpuIdSelectsCpu() =>
        Assert.Equal(DeviceType.CPU, TorchDeviceSelector.Select(new Microsoft.ML.MLContext(seed: 1)).type);
}
