using Microsoft.ML.Data;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>One caption row with variable-size embedding columns.</summary>
public sealed class CaptionRow
{
    public float[] ImageEmbedding { get; set; } = [];

    public float[] TextEmbedding { get; set; } = [];

    public string ImageId { get; set; } = "";

    public string SceneClass { get; set; } = "";
}

/// <summary>One caption row with fixed-size (4) embedding columns and an integer id.</summary>
public sealed class FixedSizeCaptionRow
{
    [VectorType(4)]
    public float[] ImageEmbedding { get; set; } = [];

    [VectorType(4)]
    public float[] TextEmbedding { get; set; } = [];

    public long ImageId { get; set; }
}

/// <summary>Embeddings of the wrong element type.</summary>
public sealed class DoubleEmbeddingRow
{
    [VectorType(2)]
    public double[] ImageEmbedding { get; set; } = [];

    [VectorType(2)]
    public float[] TextEmbedding { get; set; } = [];

    public string ImageId { get; set; } = "";
}
