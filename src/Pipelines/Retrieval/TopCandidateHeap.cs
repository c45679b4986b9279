namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// A bounded binary heap over caller-owned spans that keeps the best candidates of one query in
/// protocol order (<see cref="ProtocolOrder"/>). The root is the candidate that ranks last, so a
/// new candidate only has to beat the root to enter.
/// </summary>
internal static class TopCandidateHeap
{
    /// <summary>Offers a candidate; <paramref name="count"/> is the heap's current size and is updated.</summary>
    public static void Offer(Span<float> scores, Span<int> indices, ref int count, float score, int index)
    {
        if (count < scores.Length)
        {
            int child = count++;
            scores[child] = score;
            indices[child] = index;
            SiftUp(scores, indices, child);
        }
        else if (ProtocolOrder.RanksAhead(score, index, scores[0], indices[0]))
        {
            scores[0] = score;
            indices[0] = index;
            SiftDown(scores, indices, 0, count);
        }
    }

    /// <summary>Rearranges the first <paramref name="count"/> entries from heap order into protocol order (best first).</summary>
    public static void SortBestFirst(Span<float> scores, Span<int> indices, int count)
    {
        // Heap sort: repeatedly move the worst remaining entry (the root) to the end.
        for (int end = count - 1; end > 0; end--)
        {
            Swap(scores, indices, 0, end);
            SiftDown(scores, indices, 0, end);
        }
    }

    private static bool RanksBehind(Span<float> scores, Span<int> indices, int a, int b) =>
        ProtocolOrder.RanksAhead(scores[b], indices[b], scores[a], indices[a]);

    private static void SiftUp(Span<float> scores, Span<int> indices, int child)
    {
        while (child > 0)
        {
            int parent = (child - 1) / 2;
            if (!RanksBehind(scores, indices, child, parent))
                return;
            Swap(scores, indices, child, parent);
            child = parent;
        }
    }

    private static void SiftDown(Span<float> scores, Span<int> indices, int parent, int count)
    {
        while (true)
        {
            int worst = parent;
            int left = 2 * parent + 1;
            int right = left + 1;
            if (left < count && RanksBehind(scores, indices, left, worst))
                worst = left;
            if (right < count && RanksBehind(scores, indices, right, worst))
                worst = right;
            if (worst == parent)
                return;
            Swap(scores, indices, parent, worst);
            parent = worst;
        }
    }

    private static void Swap(Span<float> scores, Span<int> indices, int a, int b)
    {
        (scores[a], scores[b]) = (scores[b], scores[a]);
        (indices[a], indices[b]) = (indices[b], indices[a]);
    }
}
