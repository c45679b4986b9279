using Microsoft.ML;
using PriorClip.MLNet.Transforms.Mapping;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms.ZeroShot;

/// <summary>
/// Zero-shot scene classification with a PriorCLIP (or imported CLIP) model: the image embedding's cosine with each
/// class's prompt embedding (the mean over the templates, re-normalised), scaled and soft-maxed into
/// <c>Score</c>; <c>PredictedLabel</c> is the best class as a key over the class names. Score it with
/// <c>mlContext.MulticlassClassification.Evaluate</c> against a label keyed by the same class names.
/// Produced by <c>mlContext.Transforms.PriorClipZeroShot(...)</c>; saved with the class embeddings.
/// </summary>
public sealed class PriorClipZeroShotTransformer : PriorClipTransformerBase
{
    internal const string Kind = "PriorClipZeroShot";
    const string ClassEmbeddingsBlob = "class_embeddings";

    internal static readonly PriorClipComponentInfo Registration = new(
        Kind, ModelSignature: "PCLPZSHT", LoaderSignature: Kind, typeof(PriorClipZeroShotTransformer), ComponentVersion: 1, Load);

    internal sealed record Config(string ImageEmbeddingColumnName, string PredictedLabelColumnName, string ScoreColumnName,
        string[] ClassNames, string[] Templates, float LogitScale, int Dimension);

    readonly Config _config;
    readonly float[] _classEmbeddings;

    internal PriorClipZeroShotTransformer(Config config, float[] classEmbeddings)
    {
        if (classEmbeddings.Length != config.ClassNames.Length * config.Dimension)
            throw new PriorClipModelFormatException($"{Kind}: {classEmbeddings.Length} class-embedding values do not make {config.ClassNames.Length} × {config.Dimension}.");
        _config = config;
        _classEmbeddings = classEmbeddings;
    }

    /// <summary>Class names in key order (key value k = <c>ClassNames[k-1]</c>).</summary>
    public IReadOnlyList<string> ClassNames => _config.ClassNames;

    /// <summary>The prompt templates averaged per class.</summary>
    public IReadOnlyList<string> Templates => _config.Templates;

    /// <summary>Embedding width D.</summary>
    public int Dimension => _config.Dimension;

    /// <summary>The unit-length class embedding of class <paramref name="index"/> (0-based).</summary>
    public ReadOnlySpan<float> ClassEmbedding(int index) => _classEmbeddings.AsSpan(index * Dimension, Dimension);

    internal override PriorClipComponentInfo Component => Registration;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) => ZeroShotMapper.Create(inputSchema, _config, _classEmbeddings);

    private protected override void SaveCore(PriorClipModelWriter writer)
    {
        writer.SetConfig(_config);
        var bytes = new byte[_classEmbeddings.Length * sizeof(float)];
        Buffer.BlockCopy(_classEmbeddings, 0, bytes, 0, bytes.Length);
        writer.AddBlob(ClassEmbeddingsBlob, bytes);
    }

    static PriorClipTransformerBase Load(PriorClipModelReader reader)
    {
        var config = reader.GetConfig<Config>();
        var bytes = reader.ReadBlob(ClassEmbeddingsBlob);
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * sizeof(float));
        return new PriorClipZeroShotTransformer(config, values);
    }
}
