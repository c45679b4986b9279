namespace PriorClip.MLNet.Export.Onnx;

/// <summary>The ONNX tensor element types the exporter writes (TensorProto.DataType values).</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,
    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,
    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,
    /// <summary>Boolean (one byte per element).</summary>
    Bool = 9,
}
