namespace PriorClip.MLNet.Export.Onnx;

/// <summary>One ONNX node attribute (an int, a float, a string or a list of ints).</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, string? Text = null, long[]? Ints = null)
{
    // AttributeProto.AttributeType values.
    const int FloatType = 1, IntType = 2, StringType = 3, IntsType = 7;

    /// <summary>An int attribute.</summary>
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute Of(string name, string value) => new(name, Text: value);

    /// <summary>An ints attribute.</summary>
    public static OnnxAttribute List(string name, params long[] values) => new(name, Ints: values);

    /// <summary>Writes the AttributeProto body.</summary>
    public void WriteTo(ProtoWriter w)
    {
        w.String(1, Name);
        if (Int is long i) { w.Varint(20, IntType); w.Varint(3, i); }
        else if (Float is float f) { w.Varint(20, FloatType); w.Float(2, f); }
        else if (Text is string s) { w.Varint(20, StringType); w.String(4, s); }
        else if (Ints is long[] ints)
        {
            w.Varint(20, IntsType);
            // ints is a non-packed repeated int64 in onnx.proto (proto2), so each value is its own field.
            foreach (long v in ints) w.Varint(8, v);
        }
        else throw new InvalidOperationException($"ONNX attribute '{Name}' has no value.");
    }
}
