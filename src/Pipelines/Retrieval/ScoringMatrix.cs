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
            EmbeddingValidation.RequireFinite(row, describeRow(i));
            Span<float> destination = values.AsSpan(i * stride, dimension);
            if (normalize)
            {
                NormalizeInto(row, destination, describeRow(i));
            }
            else
            {
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

    public static void NormalizeInto(ReadOnlySpan<float> source, Span<float> destination, string rowDescription)
    {
        double sumOfSquares = 0;
        foreach (float value in source)
            sumOfSquares += (double)value * value;
        if (sumOfSquares == 0)
            throw new ArgumentException(
                $"{rowDescription} is all zeros and cannot be L2-normalised (its cosine similarity is undefined).");
        double norm = Math.Sqrt(sumOfSquares);
        for (int k = 0; k < source.Length; k++)
            destination[k] = (float)(source[k] / norm);
    }
}
