namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Both directions of a retrieval problem ranked by <see cref="BlockedRanker"/>.</summary>
internal sealed class RetrievalRankings
{
    private RetrievalRankings(RetrievalInput input, RankingResult imageToText, RankingResult textToImage)
    {
        Input = input;
        ImageToText = imageToText;
        TextToImage = textToImage;
    }

    public RetrievalInput Input { get; }

    /// <summary>Queries = images, candidates = captions; relevant = the image's captions (<see cref="RetrievalInput.ImageCaptions"/> order).</summary>
    public RankingResult ImageToText { get; }

    /// <summary>Queries = captions, candidates = images; relevant = the caption's own image.</summary>
    public RankingResult TextToImage { get; }

    /// <summary>
    /// Ranks both directions. With <paramref name="topN"/> ≤ 1 one sweep over image × caption tiles
    /// serves both (text → image through <see cref="ReverseRankAccumulator"/>); longer top lists for
    /// captions would need per-worker heaps for every caption, so they take a second sweep.
    /// </summary>
    public static RetrievalRankings Compute(RetrievalInput input, int topN, int maxDegreeOfParallelism)
    {
        if (topN > 1)
        {
            return new(input,
                Rank(input, RetrievalDirection.ImageToText, topN, maxDegreeOfParallelism),
                Rank(input, RetrievalDirection.TextToImage, topN, maxDegreeOfParallelism));
        }
        RankingResult imageToText = BlockedRanker.Rank(new RankingRequest
        {
            Queries = input.Images,
            Candidates = input.Captions,
            RelevantOffsets = input.ImageCaptionOffsets,
            RelevantCandidates = input.ImageCaptions,
            CandidateOwners = input.CaptionToImage,
            TopN = topN,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        });
        return new(input, imageToText, imageToText.Reverse!);
    }

    /// <summary>Ranks one direction only.</summary>
    public static RankingResult Rank(RetrievalInput input, RetrievalDirection direction, int topN, int maxDegreeOfParallelism) =>
        BlockedRanker.Rank(direction == RetrievalDirection.ImageToText
            ? new RankingRequest
            {
                Queries = input.Images,
                Candidates = input.Captions,
                RelevantOffsets = input.ImageCaptionOffsets,
                RelevantCandidates = input.ImageCaptions,
                TopN = topN,
                MaxDegreeOfParallelism = maxDegreeOfParallelism,
            }
            : new RankingRequest
            {
                Queries = input.Captions,
                Candidates = input.Images,
                RelevantOffsets = CaptionRelevantOffsets(input.CaptionCount),
                RelevantCandidates = input.CaptionToImage,
                TopN = topN,
                MaxDegreeOfParallelism = maxDegreeOfParallelism,
            });

    /// <summary>Text → image: caption <c>j</c>'s single relevant image is <c>CaptionToImage[j]</c>.</summary>
    public static int[] CaptionRelevantOffsets(int captionCount) => Enumerable.Range(0, captionCount + 1).ToArray();

    /// <summary>Per image, the best (smallest) rank among its captions.</summary>
    public int[] ImageToTextBestRanks()
    {
        var best = new int[Input.ImageCount];
        for (int i = 0; i < best.Length; i++)
        {
            int rank = int.MaxValue;
            for (int p = Input.ImageCaptionOffsets[i]; p < Input.ImageCaptionOffsets[i + 1]; p++)
                rank = Math.Min(rank, ImageToText.RelevantRanks[p]);
            best[i] = rank;
        }
        return best;
    }
}
