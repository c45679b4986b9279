using Microsoft.ML;
using TorchSharp;

namespace PriorClip.MLNet.Trainers;

/// <summary>
/// Chooses the TorchSharp device the way ML.NET's own TorchSharp trainers do: CUDA device
/// <see cref="MLContext.GpuDeviceId"/> when it is set, falling back to the CPU only when
/// <see cref="MLContext.FallbackToCpu"/> allows it.
/// </summary>
public static class TorchDeviceSelector
{
    /// <summary>The device for <paramref name="context"/>; throws when a GPU is required but absent.</summary>
    public static torch.Device Select(MLContext context) =>
        Select(context.GpuDeviceId, context.FallbackToCpu, torch.cuda.is_available() ? torch.cuda.device_count() : 0);

    /// <summary>The rule itself, with the number of visible CUDA devices given.</summary>
    public static torch.Device Select(int? gpuDeviceId, bool fallbackToCpu, int cudaDeviceCount)
    {
        if (gpuDeviceId is null) return torch.CPU;
        if (gpuDeviceId < 0)
            throw new ArgumentOutOfRangeException(nameof(gpuDeviceId), gpuDeviceId, "MLContext.GpuDeviceId must be ≥ 0 or null");
        if (gpuDeviceId < cudaDeviceCount) return new torch.Device(DeviceType.CUDA, gpuDeviceId.Value);
        if (fallbackToCpu) return torch.CPU;
        throw new InvalidOperationException(
            $"MLContext.GpuDeviceId = {gpuDeviceId} but {cudaDeviceCount} CUDA device(s) are visible to LibTorch " +
            "(a CPU LibTorch build sees none: build with -p:PriorClipTorchBackend=cuda). " +
            "Set MLContext.FallbackToCpu = true to train on the CPU instead.");
    }
}
