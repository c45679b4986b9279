namespace PriorClip.MLNet.Serving.Onnx;

/// <summary>Where ONNX Runtime runs the exported encoders.</summary>
public enum OnnxDevice
{
    /// <summary>ONNX Runtime's CPU execution provider (every build has it).</summary>
    Cpu,
    /// <summary>The CUDA execution provider: needs the GPU build of the library (<c>-p:PriorClipOnnxRuntime=gpu</c>), CUDA 13 and cuDNN 9.</summary>
    Cuda,
}

/// <summary>Execution settings of <see cref="OnnxBatchEncoder"/>.</summary>
public sealed class OnnxExecutionOptions
{
    /// <summary>CPU or CUDA.</summary>
    public OnnxDevice Device { get; set; } = OnnxDevice.Cpu;

    /// <summary>CUDA device ordinal.</summary>
    public int DeviceId { get; set; }

    /// <summary>With <see cref="OnnxDevice.Cuda"/>: fall back to the CPU (with a warning in <see cref="OnnxBatchEncoder.ExecutionProvider"/>)
    /// when CUDA cannot be used, instead of failing. Off by default: a GPU deployment should never slow down silently.</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator; null = its default (all cores).</summary>
    public int? IntraOpThreads { get; set; }

    /// <summary>Rows per ONNX Runtime call.</summary>
    public int BatchSize { get; set; } = 64;
}
