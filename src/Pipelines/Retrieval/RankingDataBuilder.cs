using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Builds the (GroupId, Label, Score) view that <c>mlContext.Ranking.Evaluate</c> reads, one group
/// per query: the top-N candidates in protocol order, followed by every relevant candidate that
/// fell outside the top N (at its true rank).
/// </summary>
/// <remarks>
/// Why append the relevant candidates beyond the top N: ML.NET computes a group's ideal DCG from
/// the labels present in the group. If an image with five captions had only two of them in the top
/// 10, the ideal DCG would count two relevant items instead of five and overstate NDCG; and a
/// query with no relevant row would get NDCG 0 only by ML.NET's "max DCG = 0 → 0" rule. With
/// every relevant candidate present, the ideal DCG is right and NDCG@k for k ≤ N is the textbook
/// value, because appended rows rank after position N and add nothing to DCG@k.
/// </remarks>
internal static class RankingDataBuilder
{
    public static IDataView Build(MLContext mlContext, RetrievalInput input, RetrievalDirection direction, int topN,
        int maxDegreeOfParallelism)
    {
        if (topN < 1 || topN > 99)
            throw new ArgumentOutOfRangeException(nameof(topN), topN,
                "topN must be between 1 and 99 (ML.NET's ranking evaluator accepts DCG truncation levels 1..99).");
        RankingResult ranking = RetrievalRankings.Rank(input, direction, topN, maxDegreeOfParallelism);
        List<ViewRow> rows = direction == RetrievalDirection.TextToImage
            ? Rows(ranking, input.CaptionCount, RetrievalRankings.CaptionRelevantOffsets(input.CaptionCount), input.CaptionToImage)
            : Rows(ranking, input.ImageCount, input.ImageCaptionOffsets, input.ImageCaptions);
        int groupCount = direction == RetrievalDirection.TextToImage ? input.CaptionCount : input.ImageCount;

        SchemaDefinition schema = SchemaDefinition.Create(typeof(ViewRow));
        schema[nameof(ViewRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), groupCount);
        return mlContext.Data.LoadFromEnumerable(rows, schema);
    }

    private static List<ViewRow> Rows(RankingResult result, int queryCount, int[] relevantOffsets, int[] relevantCandidates)
    {
        int top = result.TopCount;
        var rows = new List<ViewRow>(queryCount * (top + 1));
        var relevant = new HashSet<int>();
        var outside = new List<(int Rank, int Candidate, float Score)>();
        for (int q = 0; q < queryCount; q++)
        {
            relevant.Clear();
            outside.Clear();
            for (int p = relevantOffsets[q]; p < relevantOffsets[q + 1]; p++)
            {
                relevant.Add(relevantCandidates[p]);
                if (result.RelevantRanks[p] > top)
                    outside.Add((result.RelevantRanks[p], relevantCandidates[p], result.RelevantScores[p]));
            }
            uint group = (uint)q;
            for (int r = 0; r < top; r++)
            {
                int candidate = result.TopCandidates[q * top + r];
                rows.Add(Row(group, q, candidate, r + 1, relevant.Contains(candidate), result.TopScores[q * top + r]));
            }
            outside.Sort((a, b) => a.Rank.CompareTo(b.Rank));
            foreach (var (rank, candidate, score) in outside)
                rows.Add(Row(group, q, candidate, rank, true, score));
        }
        return rows;
    }

    private static ViewRow Row(uint group, int query, int candidate, int rank, bool relevant, float similarity) => new()
    {
        GroupId = group,
        Label = relevant ? 1f : 0f,
        Score = -rank,
        Similarity = similarity,
        Rank = rank,
        QueryIndex = query,
        CandidateIndex = candidate,
    };

    /// <summary>
    /// The loading twin of <see cref="RetrievalRankingRow"/>. <c>LoadFromEnumerable</c> treats a
    /// class's key-typed field as zero-based and stores value + 1 (0 is ML.NET's missing key), while
    /// <c>CreateEnumerable</c> returns the stored value unchanged; so rows are written here with the
    /// zero-based query index and read back through <see cref="RetrievalRankingRow"/> as 1-based keys.
    /// </summary>
    private sealed class ViewRow
    {
        public uint GroupId { get; set; }

        public float Label { get; set; }

        public float Score { get; set; }

        public float Similarity { get; set; }

        public int Rank { get; set; }

        public int QueryIndex { get; set; }

        public int CandidateIndex { get; set; }
    }
}
