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
    /// <paramref name="normalize"/> is set each row is divided by its L2 norm (computed in double,
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
    /// Writes <paramref name="source"/> divided by its L2 norm into <paramref name="destination"/>. The sum of squares is
    /// accumulated in double (every float square is exact there, so the result hardly depends on summation order), and each
    /// value is divided in double and rounded to float, as a scalar <c>(float)(x / norm)</c> would be.
    /// </summary>
    /// <exception cref="ArgumentException">The row holds a NaN or an infinity (the message names its position) or is all zeros.</exception>
    public static void NormalizeInto(ReadOnlySpan<float> source, Span<float> destination, string rowDescription) =>
        NormalizeInto(source, destination, 0, _ => rowDescription);

    /// <summary><see cref="NormalizeInto(ReadOnlySpan{float}, Span{float}, string)"/> naming the row only when it is bad (building the name costs more than the row).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeInto(ReadOnlySpan<float> source, Span<float> destination, int row, Func<int, string> describeRow)
    {
        int lanes = Vector<float>.Count;
        int vectorEnd = source.Length - source.Length % lanes;
        var sources = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(source[..vectorEnd]);
        Vector<double> low = Vector<double>.Zero, high = Vector<double>.Zero;
        foreach (var chunk in sources)
        {
            Vector.Widen(chunk, out var a, out var b);
            low = Vector.FusedMultiplyAdd(a, a, low);
            high = Vector.FusedMultiplyAdd(b, b, high);
        }
        double sumOfSquares = Vector.Sum(low + high);
        for (int k = vectorEnd; k < source.Length; k++)
            sumOfSquares += (double)source[k] * source[k];
        // A NaN or an infinity anywhere makes the sum non-finite (finite float squares cannot overflow a double).
        if (!double.IsFinite(sumOfSquares))
            EmbeddingValidation.RequireFinite(source, describeRow(row));
        if (sumOfSquares == 0)
            throw new ArgumentException(
                $"{describeRow(row)} is all zeros and cannot be L2-normalised (its cosine similarity is undefined).");
        double norm = Math.Sqrt(sumOfSquares);
        var norms = new Vector<double>(norm);
        var destinations = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(destination[..vectorEnd]);
        for (int c = 0; c < sources.Length; c++)
        {
            Vector.Widen(sources[c], out var a, out var b);
            destinations[c] = Vector.Narrow(a / norms, b / norms);
        }
        for (int k = vectorEnd; k < source.Length; k++)
            destination[k] = (float)(source[k] / norm);
    }
}
