using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Dot products of padded rows (<see cref="ScoringMatrix"/>). Every score, whether computed alone
/// by <see cref="Dot"/> or inside a tile by <see cref="ScoreTile"/>, runs the same operation
/// sequence: one fused multiply-add per vector chunk into its own accumulator, then
/// <see cref="Vector.Sum{T}(Vector{T})"/>. That makes a score bitwise independent of blocking,
/// which the ranker relies on when it compares tile scores against separately computed scores of
/// the relevant items. The hot loops are marked AggressiveOptimization: an evaluation calls them a
/// few thousand times and would otherwise spend much of its run in unoptimised tier-0 code.
/// </summary>
internal static class DotProductKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
        ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var acc = Vector<float>.Zero;
        for (int k = 0; k < va.Length; k++)
            acc = Vector.FusedMultiplyAdd(va[k], vb[k], acc);
        return Vector.Sum(acc);
    }

    /// <summary>
    /// <see cref="Dot"/> of <paramref name="query"/> (a padded <see cref="ScoringMatrix"/> row) with
    /// <paramref name="row"/> as <see cref="ScoringMatrix.NormalizeInto(ReadOnlySpan{float}, Span{float}, int, Func{int, string})"/>
    /// would normalise and pad it, without storing the normalised row: the same values in the same operation order, so
    /// the same bits, while reading the row once from memory (the single-query archive scan is bound by that read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotNormalized(ReadOnlySpan<float> query, ReadOnlySpan<float> row, int rowIndex, Func<int, string> describeRow)
    {
        var scale = new Vector<double>(ScoringMatrix.InverseNorm(row, rowIndex, describeRow));
        int lanes = Vector<float>.Count, full = row.Length / lanes;
        ReadOnlySpan<Vector<float>> vq = MemoryMarshal.Cast<float, Vector<float>>(query);
        ReadOnlySpan<Vector<float>> vr = MemoryMarshal.Cast<float, Vector<float>>(row[..(full * lanes)]);
        var acc = Vector<float>.Zero;
        for (int k = 0; k < full; k++)
            acc = Vector.FusedMultiplyAdd(vq[k], ScoringMatrix.Scale(vr[k], scale), acc);
        if (full < vq.Length) acc = Tail(vq[full], row, full * lanes, scale[0], acc);
        return Vector.Sum(acc);
    }

    /// <summary>
    /// <see cref="DotNormalized"/> of four rows at once: each row's operations and their order are exactly those of
    /// <see cref="DotNormalized"/> (so the same bits), but the four accumulation chains are independent and run
    /// interleaved, which hides the latency a single chain waits on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotNormalized4(ReadOnlySpan<float> query, ReadOnlySpan<float> row0, ReadOnlySpan<float> row1, ReadOnlySpan<float> row2,
        ReadOnlySpan<float> row3, ReadOnlySpan<int> rowIndices, Func<int, string> describeRow, Span<float> scores)
    {
        var s0 = new Vector<double>(ScoringMatrix.InverseNorm(row0, rowIndices[0], describeRow));
        var s1 = new Vector<double>(ScoringMatrix.InverseNorm(row1, rowIndices[1], describeRow));
        var s2 = new Vector<double>(ScoringMatrix.InverseNorm(row2, rowIndices[2], describeRow));
        var s3 = new Vector<double>(ScoringMatrix.InverseNorm(row3, rowIndices[3], describeRow));
        int lanes = Vector<float>.Count, full = row0.Length / lanes;
        ReadOnlySpan<Vector<float>> vq = MemoryMarshal.Cast<float, Vector<float>>(query);
        ReadOnlySpan<Vector<float>> v0 = MemoryMarshal.Cast<float, Vector<float>>(row0[..(full * lanes)]);
        ReadOnlySpan<Vector<float>> v1 = MemoryMarshal.Cast<float, Vector<float>>(row1[..(full * lanes)]);
        ReadOnlySpan<Vector<float>> v2 = MemoryMarshal.Cast<float, Vector<float>>(row2[..(full * lanes)]);
        ReadOnlySpan<Vector<float>> v3 = MemoryMarshal.Cast<float, Vector<float>>(row3[..(full * lanes)]);
        Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
        for (int k = 0; k < full; k++)
        {
            var q = vq[k];
            a0 = Vector.FusedMultiplyAdd(q, ScoringMatrix.Scale(v0[k], s0), a0);
            a1 = Vector.FusedMultiplyAdd(q, ScoringMatrix.Scale(v1[k], s1), a1);
            a2 = Vector.FusedMultiplyAdd(q, ScoringMatrix.Scale(v2[k], s2), a2);
            a3 = Vector.FusedMultiplyAdd(q, ScoringMatrix.Scale(v3[k], s3), a3);
        }
        if (full < vq.Length)
        {
            a0 = Tail(vq[full], row0, full * lanes, s0[0], a0);
            a1 = Tail(vq[full], row1, full * lanes, s1[0], a1);
            a2 = Tail(vq[full], row2, full * lanes, s2[0], a2);
            a3 = Tail(vq[full], row3, full * lanes, s3[0], a3);
        }
        scores[0] = Vector.Sum(a0);
        scores[1] = Vector.Sum(a1);
        scores[2] = Vector.Sum(a2);
        scores[3] = Vector.Sum(a3);
    }

    /// <summary>The last, partly padded chunk of a normalised row: the tail scaled as NormalizeInto scales it, zeros beyond, as in a padded row.</summary>
    static Vector<float> Tail(Vector<float> query, ReadOnlySpan<float> row, int start, double inverse, Vector<float> acc)
    {
        Span<float> tail = stackalloc float[Vector<float>.Count];
        tail.Clear();
        for (int k = start; k < row.Length; k++) tail[k - start] = (float)(row[k] * inverse);
        return Vector.FusedMultiplyAdd(query, new Vector<float>(tail), acc);
    }

    /// <summary>
    /// Fills <paramref name="tile"/> (row-major, <paramref name="queryCount"/> × <paramref name="candidateCount"/>)
    /// with the scores of queries <c>[firstQuery, firstQuery + queryCount)</c> against candidates
    /// <c>[firstCandidate, firstCandidate + candidateCount)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScoreTile(ScoringMatrix queries, int firstQuery, int queryCount,
        ScoringMatrix candidates, int firstCandidate, int candidateCount, Span<float> tile)
    {
        // Two queries × four candidates per step keeps 8 accumulators + 6 operands in registers,
        // and loads each operand once per 2-4 multiply-adds instead of once per one.
        int q = 0;
        for (; q + 2 <= queryCount; q += 2)
        {
            ReadOnlySpan<Vector<float>> q0 = AsVectors(queries.Row(firstQuery + q));
            ReadOnlySpan<Vector<float>> q1 = AsVectors(queries.Row(firstQuery + q + 1));
            Span<float> out0 = tile.Slice(q * candidateCount, candidateCount);
            Span<float> out1 = tile.Slice((q + 1) * candidateCount, candidateCount);
            int c = 0;
            for (; c + 4 <= candidateCount; c += 4)
            {
                ReadOnlySpan<Vector<float>> c0 = AsVectors(candidates.Row(firstCandidate + c));
                ReadOnlySpan<Vector<float>> c1 = AsVectors(candidates.Row(firstCandidate + c + 1));
                ReadOnlySpan<Vector<float>> c2 = AsVectors(candidates.Row(firstCandidate + c + 2));
                ReadOnlySpan<Vector<float>> c3 = AsVectors(candidates.Row(firstCandidate + c + 3));
                Vector<float> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector<float> a10 = default, a11 = default, a12 = default, a13 = default;
                for (int k = 0; k < q0.Length; k++)
                {
                    Vector<float> x0 = q0[k], x1 = q1[k];
                    Vector<float> y0 = c0[k], y1 = c1[k], y2 = c2[k], y3 = c3[k];
                    a00 = Vector.FusedMultiplyAdd(x0, y0, a00);
                    a01 = Vector.FusedMultiplyAdd(x0, y1, a01);
                    a02 = Vector.FusedMultiplyAdd(x0, y2, a02);
                    a03 = Vector.FusedMultiplyAdd(x0, y3, a03);
                    a10 = Vector.FusedMultiplyAdd(x1, y0, a10);
                    a11 = Vector.FusedMultiplyAdd(x1, y1, a11);
                    a12 = Vector.FusedMultiplyAdd(x1, y2, a12);
                    a13 = Vector.FusedMultiplyAdd(x1, y3, a13);
                }
                out0[c] = Vector.Sum(a00);
                out0[c + 1] = Vector.Sum(a01);
                out0[c + 2] = Vector.Sum(a02);
                out0[c + 3] = Vector.Sum(a03);
                out1[c] = Vector.Sum(a10);
                out1[c + 1] = Vector.Sum(a11);
                out1[c + 2] = Vector.Sum(a12);
                out1[c + 3] = Vector.Sum(a13);
            }
            for (; c < candidateCount; c++)
            {
                ReadOnlySpan<float> candidate = candidates.Row(firstCandidate + c);
                out0[c] = Dot(queries.Row(firstQuery + q), candidate);
                out1[c] = Dot(queries.Row(firstQuery + q + 1), candidate);
            }
        }
        for (; q < queryCount; q++)
        {
            ReadOnlySpan<float> query = queries.Row(firstQuery + q);
            Span<float> output = tile.Slice(q * candidateCount, candidateCount);
            for (int c = 0; c < candidateCount; c++)
                output[c] = Dot(query, candidates.Row(firstCandidate + c));
        }
    }

    private static ReadOnlySpan<Vector<float>> AsVectors(ReadOnlySpan<float> row) =>
        MemoryMarshal.Cast<float, Vector<float>>(row);
}
