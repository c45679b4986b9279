using System.Numerics;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Returns row <c>i</c> of some embedding source.</summary>
internal delegate ReadOnlySpan<float> RowAccessor(int row);

/// <summary>
/// Embeddings laid out for the dot-product kernel: each row padded with zeros to a multiple of
/// <see cref="Vector{T}.Count"/>, so the kernel has no tail loop (adding 0·0 leaves every
/// partial sum unchanged, so padding does not alter a single score bit).
/// </summary>
internal sealed class ScoringMatrix
{
    private readonly float[] _values;

    private ScoringMatrix(float[] values, int rows, int dimension, int stride)
    {
        _values = values;
        Rows = rows;
        Dimension = dimension;
        Stride = stride;
    }

    public int Rows { get; }

    /// <summary>The embedding dimension before padding.</summary>
    public int Dimension { get; }

    /// <summary>Padded row length (a multiple of <see cref="Vector{T}.Count"/>).</summary>
    public int Stride { get; }

    public ReadOnlySpan<float> Row(int row) => _values.AsSpan(row * Stride, Stride);

    public static int StrideFor(int dimension)
    {
        int lanes = Vector<float>.Count;
        return (dimension + lanes - 1) / lanes * lanes;
    }

    /// <summary>
    /// Copies <paramref name="rows"/> embeddings produced by <paramref name="source"/>; when
    /// <paramref name="normalize"/> is set each row is scaled to unit L2 norm (the norm computed in double,
    /// so the result does not depend on summation order).
    /// </summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="dimension">Length of each row.</param>
    /// <param name="source">Returns row <c>i</c>; it is validated here (finite values, non-zero norm when normalising).</param>
    /// <param name="normalize">Whether to L2-normalise each row.</param>
    /// <param name="describeRow">Names row <c>i</c> in error messages (e.g. "image row 12").</param>
    public static ScoringMatrix Create(int rows, int dimension, RowAccessor source, bool normalize,
        Func<int, string> describeRow)
    {
        int stride = StrideFor(dimension);
        var values = new float[(long)rows * stride];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = source(i);
            Span<float> destination = values.AsSpan(i * stride, dimension);
            if (normalize)
            {
                NormalizeInto(row, destination, i, describeRow); // checks finiteness too
            }
            else
            {
                EmbeddingValidation.RequireFinite(row, describeRow(i));
                RequireNoOverflow(row, describeRow(i));
                row.CopyTo(destination);
            }
        }
        return new ScoringMatrix(values, rows, dimension, stride);
    }

    /// <summary>
    /// |a·b| ≤ ‖a‖‖b‖, so rows with norms below √float.MaxValue can never produce an infinite (or,
    /// through ∞ − ∞, a NaN) score, which would silently break the ordering.
    /// </summary>
    private static void RequireNoOverflow(ReadOnlySpan<float> row, string rowDescription)
    {
        double sumOfSquares = 0;
        foreach (float value in row)
            sumOfSquares += (double)value * value;
        if (sumOfSquares >= float.MaxValue)
            throw new ArgumentException(
                $"{rowDescription} has L2 norm {Math.Sqrt(sumOfSquares):G3}; its dot products could overflow float. Embeddings declared normalised must have moderate norms (ideally 1).");
    }

    /// <summary>
    /// Writes <paramref name="source"/> scaled to unit L2 norm into <paramref name="destination"/>: each value is multiplied
    /// in double by the reciprocal of the norm (<see cref="InverseNorm"/>) and rounded to float.
    /// </summary>
    /// <exception cref="ArgumentException">The row holds a NaN or an infinity (the message names its position) or is all zeros.</exception>
    public static void NormalizeInto(ReadOnlySpan<float> source, Span<float> destination, string rowDescription) =>
        NormalizeInto(source, destination, 0, _ => rowDescription);

    /// <summary><see cref="NormalizeInto(ReadOnlySpan{float}, Span{float}, string)"/> naming the row only when it is bad (building the name costs more than the row).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeInto(ReadOnlySpan<float> source, Span<float> destination, int row, Func<int, string> describeRow)
    {
        double inverse = InverseNorm(source, row, describeRow);
        int vectorEnd = source.Length - source.Length % Vector<float>.Count;
        var sources = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(source[..vectorEnd]);
        var destinations = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(destination[..vectorEnd]);
        var scale = new Vector<double>(inverse);
        for (int c = 0; c < sources.Length; c++) destinations[c] = Scale(sources[c], scale);
        for (int k = vectorEnd; k < source.Length; k++)
            destination[k] = (float)(source[k] * inverse);
    }

    /// <summary>One chunk of floats times a double scale, rounded back to float: what <see cref="NormalizeInto(ReadOnlySpan{float}, Span{float}, int, Func{int, string})"/> stores.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Scale(Vector<float> chunk, Vector<double> scale)
    {
        Vector.Widen(chunk, out var low, out var high);
        return Vector.Narrow(low * scale, high * scale);
    }

    /// <summary>
    /// 1 / ‖<paramref name="source"/>‖, the sum of squares accumulated in double (every float square is exact there, so the
    /// result hardly depends on summation order). Multiplying by it instead of dividing by the norm keeps normalisation as
    /// cheap as reading the row, which a one-query scan of a large archive needs.
    /// </summary>
    /// <exception cref="ArgumentException">The row holds a NaN or an infinity (the message names its position) or is all zeros.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double InverseNorm(ReadOnlySpan<float> source, int row, Func<int, string> describeRow)
    {
        int vectorEnd = source.Length - source.Length % Vector<float>.Count;
        var sources = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(source[..vectorEnd]);
        // Four independent sums (even and odd chunks, low and high halves), so the adds do not wait on each other.
        Vector<double> low0 = Vector<double>.Zero, high0 = Vector<double>.Zero, low1 = Vector<double>.Zero, high1 = Vector<double>.Zero;
        int c = 0;
        for (; c + 1 < sources.Length; c += 2)
        {
            Vector.Widen(sources[c], out var a, out var b);
            Vector.Widen(sources[c + 1], out var d, out var e);
            low0 = Vector.FusedMultiplyAdd(a, a, low0);
            high0 = Vector.FusedMultiplyAdd(b, b, high0);
            low1 = Vector.FusedMultiplyAdd(d, d, low1);
            high1 = Vector.FusedMultiplyAdd(e, e, high1);
        }
        if (c < sources.Length)
        {
            Vector.Widen(sources[c], out var a, out var b);
            low0 = Vector.FusedMultiplyAdd(a, a, low0);
            high0 = Vector.FusedMultiplyAdd(b, b, high0);
        }
        double sumOfSquares = Vector.Sum((low0 + high0) + (low1 + high1));
        for (int k = vectorEnd; k < source.Length; k++)
            sumOfSquares += (double)source[k] * source[k];
        // A NaN or an infinity anywhere makes the sum non-finite (finite float squares cannot overflow a double).
        if (!double.IsFinite(sumOfSquares))
            EmbeddingValidation.RequireFinite(source, describeRow(row));
        if (sumOfSquares == 0)
            throw new ArgumentException(
                $"{describeRow(row)} is all zeros and cannot be L2-normalised (its cosine similarity is undefined).");
        return 1.0 / Math.Sqrt(sumOfSquares);
    }
}
