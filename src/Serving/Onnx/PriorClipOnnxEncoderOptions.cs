namespace PriorClip.MLNet.Serving.Onnx;

/// <summary>Settings of the ML.NET pipelines that encode with exported ONNX encoders (<see cref="PriorClipOnnxServingCatalog"/>).</summary>
public sealed class PriorClipOnnxEncoderOptions
{
    /// <summary>The export directory (or its <c>priorclip-onnx.json</c>) written by <c>priorclip export --onnx</c>.</summary>
    public string ExportDirectory { get; set; } = "";

    /// <summary>Image side: the column holding image file paths.</summary>
    public string ImagePathColumnName { get; set; } = "ImagePath";

    /// <summary>Image side, models with an external prior: the column holding the instruction (Vector&lt;Single, P&gt;).</summary>
    public string InstructionColumnName { get; set; } = "Instruction";

    /// <summary>CUDA device to run on (ONNX Runtime's CUDA execution provider, needs the GPU build); null = CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>With <see cref="GpuDeviceId"/>: run on the CPU when CUDA cannot be used instead of failing. Off by default,
    /// so a GPU deployment never slows down silently.</summary>
    public bool FallbackToCpu { get; set; }
}
