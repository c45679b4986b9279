using System.Buffers.Binary;
using System.Text;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Builds .npy files byte by byte (magic, version, header length, dict, data), independent of the library's writer.</summary>
internal static class NpyBytes
{
    public static byte[] File(int major, string dict, byte[] data, bool utf8 = false)
    {
        var header = new List<byte>();
        header.AddRange([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        int lengthSize = major == 1 ? 2 : 4;
        int prefix = 8 + lengthSize;
        byte[] text = (utf8 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(dict);
        int padded = (prefix + text.Length + 1 + 63) / 64 * 64 - prefix;
        var lengthBytes = new byte[lengthSize];
        if (lengthSize == 2)
            BinaryPrimitives.WriteUInt16LittleEndian(lengthBytes, (ushort)padded);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(lengthBytes, (uint)padded);
        header.AddRange(lengthBytes);
        header.AddRange(text);
        header.AddRange(Enumerable.Repeat((byte)' ', padded - text.Length - 1));
        header.Add((byte)'\n');
        return header.Concat(data).ToArray();
    }

    public static byte[] Float32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] Float16(params float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
        return bytes;
    }

    public static byte[] Int64(params long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    public static byte[] Int32(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }
}
