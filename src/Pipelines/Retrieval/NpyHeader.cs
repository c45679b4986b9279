using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// The header of a NumPy <c>.npy</c> file (format versions 1.0, 2.0 and 3.0): magic
/// <c>\x93NUMPY</c>, version bytes, a little-endian header length (2 bytes in v1, 4 in v2/v3),
/// then a Python dict literal with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>.
/// </summary>
internal sealed partial class NpyHeader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyHeader(string descr, bool fortranOrder, long[] shape, int dataOffset)
    {
        Descr = descr;
        FortranOrder = fortranOrder;
        Shape = shape;
        DataOffset = dataOffset;
    }

    /// <summary>The dtype string, e.g. <c>&lt;f4</c>.</summary>
    public string Descr { get; }

    public bool FortranOrder { get; }

    public long[] Shape { get; }

    /// <summary>Byte offset of the first data element.</summary>
    public int DataOffset { get; }

    public static NpyHeader Read(Stream stream, string path)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length || !prefix[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a NumPy .npy file (it does not start with the \\x93NUMPY magic).");
        byte major = prefix[6];
        int lengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"'{path}' uses .npy format version {major}.{prefix[7]}; versions 1.0, 2.0 and 3.0 are supported."),
        };
        Span<byte> lengthBytes = stackalloc byte[4];
        if (stream.ReadAtLeast(lengthBytes[..lengthSize], lengthSize, throwOnEndOfStream: false) < lengthSize)
            throw new InvalidDataException($"'{path}' is truncated inside its .npy header.");
        long headerLength = lengthSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > 1 << 24)
            throw new InvalidDataException($"'{path}' declares a {headerLength}-byte .npy header, which is not plausible.");
        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
            throw new InvalidDataException($"'{path}' is truncated inside its .npy header ({headerLength} bytes declared).");
        // v1/v2 headers are latin-1; v3 allows UTF-8.
        string text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        int dataOffset = 6 + 2 + lengthSize + (int)headerLength;
        return Parse(text, path, dataOffset);
    }

    private static NpyHeader Parse(string text, string path, int dataOffset)
    {
        Match descr = DescrPattern().Match(text);
        Match fortran = FortranPattern().Match(text);
        Match shape = ShapePattern().Match(text);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidDataException(
                $"'{path}' has a .npy header without the required 'descr', 'fortran_order' and 'shape' entries: {text.Trim()}");
        long[] dims = shape.Groups["dims"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out long v)
                ? v
                : throw new InvalidDataException($"'{path}' has a non-integer dimension '{d}' in its .npy shape."))
            .ToArray();
        return new NpyHeader(descr.Groups["value"].Value, fortran.Groups["value"].Value == "True", dims, dataOffset);
    }

    /// <summary>Writes a version 1.0 (or 2.0 when large) header for a C-order array, padded to 64 bytes.</summary>
    public static byte[] Format(string descr, IReadOnlyList<long> shape)
    {
        string dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        foreach (int lengthSize in new[] { 2, 4 })
        {
            int prefix = 6 + 2 + lengthSize;
            int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
            int headerLength = total - prefix;
            if (lengthSize == 2 && headerLength > ushort.MaxValue)
                continue;
            var bytes = new byte[total];
            Magic.CopyTo(bytes, 0);
            bytes[6] = lengthSize == 2 ? (byte)1 : (byte)2;
            bytes[7] = 0;
            if (lengthSize == 2)
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
            else
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
            string padded = dict.PadRight(headerLength - 1) + "\n";
            Encoding.Latin1.GetBytes(padded, bytes.AsSpan(prefix));
            return bytes;
        }
        throw new InvalidOperationException("Unreachable: a version 2.0 header always fits.");
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""](?<value>[^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(?<value>True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\((?<dims>[^)]*)\)")]
    private static partial Regex ShapePattern();
}
