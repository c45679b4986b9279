using System.Runtime.CompilerServices;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>
/// An independent, deliberately naive implementation of the protocol (docs/method.md §9): the full
/// score matrix, every query's candidates fully sorted (score descending, then index ascending),
/// ranks read off the sorted lists. Scores are raw dot products of the given vectors.
/// </summary>
/// <remarks>
/// It works on dyadic embeddings (<see cref="SyntheticRetrievalProblem.Dyadic"/>: multiples of
/// 1/8) and scores them in exact integer arithmetic (value × 8), so its scores are exact and
/// share nothing with the evaluator's float kernel; a sort key (−score, index) packed into one
/// long keeps the RSICD-size reference within a few seconds.
/// </remarks>
internal sealed class DenseRetrievalReference
{
    // Test assemblies build in Debug; this keeps the RSICD-size reference fast.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DenseRetrievalReference(float[][] images, float[][] captions, int[] captionToImage)
    {
        int[][] imageInts = images.Select(ToEighths).ToArray();
        int[][] captionInts = captions.Select(ToEighths).ToArray();
        var scores = new int[images.Length][];
        for (int i = 0; i < images.Length; i++)
        {
            scores[i] = new int[captions.Length];
            int[] image = imageInts[i];
            for (int j = 0; j < captions.Length; j++)
            {
                int[] caption = captionInts[j];
                int sum = 0;
                for (int k = 0; k < image.Length; k++)
                    sum += image[k] * caption[k];
                scores[i][j] = sum;
            }
        }

        ImageToTextRanks = new int[images.Length];
        ImageToTextTop = new int[images.Length];
        ImageToTextTopFive = new int[images.Length][];
        for (int i = 0; i < images.Length; i++)
        {
            int[] order = SortedCandidates(captions.Length, j => scores[i][j]);
            ImageToTextTop[i] = order[0];
            ImageToTextTopFive[i] = order.Take(5).ToArray();
            int best = int.MaxValue;
            for (int position = 0; position < order.Length; position++)
            {
                if (captionToImage[order[position]] == i)
                    best = Math.Min(best, position + 1);
            }
            ImageToTextRanks[i] = best;
        }

        TextToImageRanks = new int[captions.Length];
        TextToImageTop = new int[captions.Length];
        TextToImageTopFive = new int[captions.Length][];
        for (int j = 0; j < captions.Length; j++)
        {
            int[] order = SortedCandidates(images.Length, i => scores[i][j]);
            TextToImageTop[j] = order[0];
            TextToImageTopFive[j] = order.Take(5).ToArray();
            TextToImageRanks[j] = Array.IndexOf(order, captionToImage[j]) + 1;
        }
    }

    public int[] ImageToTextRanks { get; }

    public int[] ImageToTextTop { get; }

    /// <summary>Each image's first five captions in protocol order (fewer when there are fewer captions).</summary>
    public int[][] ImageToTextTopFive { get; }

    /// <summary>Each caption's first five images in protocol order (fewer when there are fewer images).</summary>
    public int[][] TextToImageTopFive { get; }

    public int[] TextToImageRanks { get; }

    public int[] TextToImageTop { get; }

    public static double Recall(int[] ranks, int k) => 100.0 * ranks.Count(r => r <= k) / ranks.Length;

    private static int[] ToEighths(float[] vector) => vector.Select(v =>
    {
        float scaled = v * 8;
        return scaled == MathF.Round(scaled)
            ? (int)scaled
            : throw new ArgumentException($"The reference needs multiples of 1/8; got {v}.");
    }).ToArray();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] SortedCandidates(int count, Func<int, int> score)
    {
        // Ascending order of (−score, index) is "score descending, then index ascending".
        var keys = new long[count];
        for (int c = 0; c < count; c++)
            keys[c] = ((long)-score(c) << 32) | (uint)c;
        Array.Sort(keys);
        var order = new int[count];
        for (int c = 0; c < count; c++)
            order[c] = (int)(keys[c] & 0xFFFFFFFF);
        return order;
    }
}
