using System.Buffers.Binary;
using System.Runtime.InteropServices;
using PriorClip.MLNet.IO;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Reads and writes the NumPy <c>.npy</c> arrays that embeddings made elsewhere come in
/// (format versions 1.0–3.0, C order, little-endian).
/// </summary>
public static class NpyFile
{
    /// <summary>
    /// Reads a 2-D float matrix (dtype <c>&lt;f4</c>, or <c>&lt;f2</c> widened to float) of shape (rows, dimension).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is not .npy, is Fortran-ordered, has another dtype or rank, or its data is truncated
    /// or followed by extra bytes; the message names the file.
    /// </exception>
    public static EmbeddingMatrix ReadEmbeddingMatrix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        NpyHeader header = ReadCOrderHeader(stream, path);
        if (header.Shape.Length != 2)
            throw new InvalidDataException(
                $"'{path}' holds an array of shape ({string.Join(", ", header.Shape)}); an embedding matrix must be 2-D (rows, dimension).");
        // Divided, not multiplied: a damaged shape like (2^32, 2^32) would overflow the product to 0.
        if (header.Shape[1] == 0 || header.Shape[0] > Array.MaxLength / header.Shape[1])
            throw new InvalidDataException($"'{path}' has shape ({header.Shape[0]}, {header.Shape[1]}), which cannot hold embeddings.");
        int rows = (int)header.Shape[0];
        int dimension = (int)header.Shape[1];
        // Checked before allocating, so a damaged header cannot ask for gigabytes that the file does not hold.
        if (header.Descr is "<f4" or "<f2") EnsureDataFits(stream, header, path, (long)rows * dimension, header.Descr == "<f2" ? 2 : 4);
        var values = new float[(long)rows * dimension];
        switch (header.Descr)
        {
            case "<f4":
                ReadExactly(stream, MemoryMarshal.AsBytes(values.AsSpan()), header, path, elementSize: 4);
                if (!BitConverter.IsLittleEndian)
                    ReverseEndianness(MemoryMarshal.Cast<float, int>(values.AsSpan()));
                break;
            case "<f2":
                var halves = new Half[values.Length];
                ReadExactly(stream, MemoryMarshal.AsBytes(halves.AsSpan()), header, path, elementSize: 2);
                if (!BitConverter.IsLittleEndian)
                    ReverseEndianness(MemoryMarshal.Cast<Half, short>(halves.AsSpan()));
                for (int k = 0; k < halves.Length; k++)
                    values[k] = (float)halves[k];
                break;
            default:
                throw new InvalidDataException(
                    $"'{path}' has dtype '{header.Descr}'; embedding matrices must be little-endian float32 ('<f4') or float16 ('<f2').");
        }
        return new EmbeddingMatrix(values, rows, dimension);
    }

    static void EnsureDataFits(FileStream stream, NpyHeader header, string path, long elements, int elementSize)
    {
        long left = stream.Length - stream.Position, needed = elements * elementSize;
        if (needed > left)
            throw new InvalidDataException($"'{path}' is truncated: shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {needed:N0} data bytes, the file holds {left:N0}.");
    }

    /// <summary>Reads a 1-D integer array (dtype <c>&lt;i8</c> or <c>&lt;i4</c>), e.g. a caption → image mapping.</summary>
    /// <exception cref="InvalidDataException">
    /// The file is not .npy, is Fortran-ordered, has another dtype or rank, is truncated, or holds a
    /// value outside the Int32 range; the message names the file.
    /// </exception>
    public static int[] ReadInt32Vector(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        NpyHeader header = ReadCOrderHeader(stream, path);
        if (header.Shape.Length != 1)
            throw new InvalidDataException(
                $"'{path}' holds an array of shape ({string.Join(", ", header.Shape)}); a caption → image mapping must be 1-D.");
        if (header.Shape[0] > Array.MaxLength)
            throw new InvalidDataException($"'{path}' has shape ({header.Shape[0]},), more entries than an array can hold.");
        int count = (int)header.Shape[0];
        if (header.Descr is "<i4" or "<i8") EnsureDataFits(stream, header, path, count, header.Descr == "<i8" ? 8 : 4);
        switch (header.Descr)
        {
            case "<i4":
                var ints = new int[count];
                ReadExactly(stream, MemoryMarshal.AsBytes(ints.AsSpan()), header, path, elementSize: 4);
                if (!BitConverter.IsLittleEndian)
                    ReverseEndianness(ints);
                return ints;
            case "<i8":
                var longs = new long[count];
                ReadExactly(stream, MemoryMarshal.AsBytes(longs.AsSpan()), header, path, elementSize: 8);
                var result = new int[count];
                for (int k = 0; k < count; k++)
                {
                    long value = BitConverter.IsLittleEndian ? longs[k] : BinaryPrimitives.ReverseEndianness(longs[k]);
                    if (value is < int.MinValue or > int.MaxValue)
                        throw new InvalidDataException($"'{path}' holds {value} at position {k}, outside the Int32 range of image indices.");
                    result[k] = (int)value;
                }
                return result;
            default:
                throw new InvalidDataException(
                    $"'{path}' has dtype '{header.Descr}'; integer arrays must be little-endian int64 ('<i8') or int32 ('<i4').");
        }
    }

    /// <summary>
    /// Writes <paramref name="matrix"/> as a C-order <c>&lt;f4</c> array of shape (rows, dimension).
    /// The file is written to a temporary name in the same folder and renamed, so readers never see
    /// a partial file.
    /// </summary>
    public static void WriteEmbeddingMatrix(string path, EmbeddingMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        byte[] header = NpyHeader.Format("<f4", [matrix.Rows, matrix.Dimension]);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            WriteLittleEndian(stream, matrix.Values);
        });
    }

    /// <summary>Writes <paramref name="values"/> as a 1-D <c>&lt;i8</c> array, atomically (temporary file + rename).</summary>
    public static void WriteInt64Vector(string path, IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        byte[] header = NpyHeader.Format("<i8", [values.Count]);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            Span<byte> buffer = stackalloc byte[8];
            foreach (int value in values)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
                stream.Write(buffer);
            }
        });
    }

    private static NpyHeader ReadCOrderHeader(Stream stream, string path)
    {
        NpyHeader header = NpyHeader.Read(stream, path);
        if (header.FortranOrder)
            throw new InvalidDataException($"'{path}' is stored in Fortran order; save it in C order (numpy.ascontiguousarray) before reading.");
        return header;
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, NpyHeader header, string path, int elementSize)
    {
        long expected = (long)destination.Length;
        long available = stream.Length - header.DataOffset;
        if (available < expected)
            throw new InvalidDataException(
                $"'{path}' is truncated: shape ({string.Join(", ", header.Shape)}) of {elementSize}-byte '{header.Descr}' needs {expected} data bytes but only {available} follow the header.");
        if (available > expected)
            throw new InvalidDataException(
                $"'{path}' has {available - expected} bytes after the {expected} data bytes its header declares; the file is not a single .npy array.");
        stream.ReadExactly(destination);
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> buffer = stackalloc byte[4];
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
            stream.Write(buffer);
        }
    }

    private static void ReverseEndianness<T>(Span<T> values) where T : struct
    {
        if (typeof(T) == typeof(int))
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, int>(values), MemoryMarshal.Cast<T, int>(values));
        else if (typeof(T) == typeof(short))
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, short>(values), MemoryMarshal.Cast<T, short>(values));
    }

}
