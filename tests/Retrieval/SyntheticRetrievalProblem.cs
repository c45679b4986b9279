using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>A seeded random retrieval problem: image and caption embeddings plus the caption → image mapping.</summary>
internal sealed class SyntheticRetrievalProblem
{
    public required float[][] Images { get; init; }

    public required float[][] Captions { get; init; }

    public required int[] CaptionToImage { get; init; }

    public EmbeddingMatrix ImageMatrix => EmbeddingMatrix.FromRows(Images);

    public EmbeddingMatrix CaptionMatrix => EmbeddingMatrix.FromRows(Captions);

    /// <summary>
    /// Values are multiples of 1/8 in [−1, 1]: every dot product is then exact in float and in
    /// double, so an independent double-precision reference must agree bit for bit, and equal
    /// scores (ties) are frequent. Use with <c>EmbeddingsAreNormalized = true</c>.
    /// </summary>
    public static SyntheticRetrievalProblem Dyadic(int seed, int imageCount, int dimension, int minCaptions, int maxCaptions,
        int valueSteps = 8)
    {
        var random = new Random(seed);
        float Next() => random.Next(-valueSteps, valueSteps + 1) / 8f;
        return Build(random, imageCount, dimension, minCaptions, maxCaptions, Next);
    }

    /// <summary>Gaussian embeddings where captions are noisy copies of their image (so recall is non-trivial).</summary>
    public static SyntheticRetrievalProblem Gaussian(int seed, int imageCount, int dimension, int captionsPerImage, float noise)
    {
        var random = new Random(seed);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var images = new float[imageCount][];
        for (int i = 0; i < imageCount; i++)
            images[i] = Enumerable.Range(0, dimension).Select(_ => Normal()).ToArray();
        var captions = new float[imageCount * captionsPerImage][];
        var mapping = new int[captions.Length];
        for (int j = 0; j < captions.Length; j++)
        {
            mapping[j] = j / captionsPerImage;
            captions[j] = images[mapping[j]].Select(v => v + noise * Normal()).ToArray();
        }
        return new SyntheticRetrievalProblem { Images = images, Captions = captions, CaptionToImage = mapping };
    }

    private static SyntheticRetrievalProblem Build(Random random, int imageCount, int dimension, int minCaptions, int maxCaptions,
        Func<float> next)
    {
        var images = new float[imageCount][];
        var captions = new List<float[]>();
        var mapping = new List<int>();
        for (int i = 0; i < imageCount; i++)
        {
            images[i] = RandomVector(dimension, next);
            int count = random.Next(minCaptions, maxCaptions + 1);
            for (int c = 0; c < count; c++)
            {
                captions.Add(RandomVector(dimension, next));
                mapping.Add(i);
            }
        }
        // Shuffle caption order so an image's captions are not contiguous (the evaluator must not assume it).
        int[] order = Enumerable.Range(0, captions.Count).OrderBy(_ => random.Next()).ToArray();
        return new SyntheticRetrievalProblem
        {
            Images = images,
            Captions = order.Select(k => captions[k]).ToArray(),
            CaptionToImage = order.Select(k => mapping[k]).ToArray(),
        };
    }

    private static float[] RandomVector(int dimension, Func<float> next)
    {
        while (true)
        {
            float[] vector = Enumerable.Range(0, dimension).Select(_ => next()).ToArray();
            if (vector.Any(v => v != 0))
                return vector;
        }
    }
}
