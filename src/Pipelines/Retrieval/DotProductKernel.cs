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
