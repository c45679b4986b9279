using System.Buffers.Binary;
using System.Text;

namespace PriorClip.MLNet.Export.Onnx;

/// <summary>
/// The protobuf wire format, only as much of it as an ONNX model needs: varints, 32-bit floats, length-delimited
/// bytes/strings/messages and packed int64 lists. Written by hand so the exporter needs no generated ONNX classes
/// (and no protobuf package version to agree with ML.NET's).
/// </summary>
internal sealed class ProtoWriter
{
    const int VarintWire = 0, LengthDelimitedWire = 2, Fixed32Wire = 5;
    readonly MemoryStream _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);

    /// <summary>An int32/int64/enum field (negative values take ten bytes, as protobuf's int64 does).</summary>
    public void Varint(int field, long value)
    {
        Tag(field, VarintWire);
        WriteVarint(unchecked((ulong)value));
    }

    /// <summary>A float field.</summary>
    public void Float(int field, float value)
    {
        Tag(field, Fixed32Wire);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>A bytes field.</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedWire);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>A UTF-8 string field.</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A nested message field whose body <paramref name="write"/> writes.</summary>
    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner.Written);
    }

    /// <summary>A packed repeated int64 field.</summary>
    public void PackedVarints(int field, IReadOnlyList<long> values)
    {
        var inner = new ProtoWriter();
        foreach (long v in values) inner.WriteVarint(unchecked((ulong)v));
        Bytes(field, inner.Written);
    }

    /// <summary>A packed repeated float field.</summary>
    public void PackedFloats(int field, IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * 4];
        for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        Bytes(field, bytes);
    }

    void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
