namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// A dense row-major matrix of embeddings: <see cref="Rows"/> vectors of <see cref="Dimension"/>
/// floats each. The evaluator reads it and never changes it.
/// </summary>
public sealed class EmbeddingMatrix
{
    private readonly float[] _values;

    /// <summary>Wraps <paramref name="values"/> (row-major, length <c>rows × dimension</c>) without copying.</summary>
    /// <exception cref="ArgumentException">The length is not <c>rows × dimension</c>, or a size is negative or the dimension is zero.</exception>
    public EmbeddingMatrix(float[] values, int rows, int dimension)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0)
            throw new ArgumentException($"Row count must not be negative; got {rows}.", nameof(rows));
        if (dimension <= 0)
            throw new ArgumentException($"Dimension must be positive; got {dimension}.", nameof(dimension));
        if ((long)rows * dimension != values.LongLength)
            throw new ArgumentException(
                $"An embedding matrix of {rows} rows × {dimension} dimensions needs {(long)rows * dimension} values; got {values.LongLength}.",
                nameof(values));
        _values = values;
        Rows = rows;
        Dimension = dimension;
    }

    /// <summary>Number of embeddings (rows).</summary>
    public int Rows { get; }

    /// <summary>Length of each embedding (columns).</summary>
    public int Dimension { get; }

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The embedding in row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return _values.AsSpan(row * Dimension, Dimension);
    }

    /// <summary>Copies jagged rows into a matrix; every row must have the same length.</summary>
    /// <exception cref="ArgumentException">There are no rows, or rows differ in length.</exception>
    public static EmbeddingMatrix FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("At least one row is needed to know the dimension.", nameof(rows));
        int dimension = rows[0].Length;
        var values = new float[(long)rows.Count * dimension];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != dimension)
                throw new ArgumentException(
                    $"Row {i} has {rows[i].Length} values but row 0 has {dimension}; all rows must have the same dimension.",
                    nameof(rows));
            rows[i].CopyTo(values, (long)i * dimension);
        }
        return new EmbeddingMatrix(values, rows.Count, dimension);
    }
}
