using Microsoft.Extensions.AI;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Recipes;

namespace PriorClip.MLNet.Search.Embeddings;

/// <summary>
/// What the text and image generators share: the fitted pipeline, the metadata (<c>PriorClip.MLNet</c>, the model id,
/// the embedding width), batching with cancellation between batches, and <see cref="GetService"/>.
/// </summary>
public abstract class PriorClipEmbeddingGeneratorBase<TInput> : IEmbeddingGenerator<TInput, Embedding<float>>
{
    /// <summary>Rows encoded per batch; cancellation is checked between batches.</summary>
    public const int BatchSize = 64;

    private protected PriorClipEmbeddingGeneratorBase(ITransformer model, string? modelId)
    {
        ArgumentNullException.ThrowIfNull(model);
        Parts = RetrievalModelParts.From(model);
        Metadata = new EmbeddingGeneratorMetadata("PriorClip.MLNet", null, modelId ?? Parts.Encoder.Model.Config.Name, Parts.Encoder.EmbeddingDimension);
    }

    /// <summary>The pipeline's halves.</summary>
    private protected RetrievalModelParts Parts { get; }

    /// <summary>Provider, model id and embedding width.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    private protected MLContext Ml { get; } = new(seed: 0);

    /// <summary>Encodes one batch (at most <see cref="BatchSize"/> values) → one unit vector each, in order.</summary>
    private protected abstract IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<TInput> values);

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is int asked && asked != Metadata.DefaultModelDimensions)
            throw new ArgumentException($"this model makes {Metadata.DefaultModelDimensions}-dimensional embeddings; {asked} were asked for", nameof(options));
        var list = values.ToList();
        return Task.Run(() =>
        {
            var result = new GeneratedEmbeddings<Embedding<float>>(list.Count);
            for (int start = 0; start < list.Count; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var vector in EncodeBatch(list.GetRange(start, Math.Min(BatchSize, list.Count - start))))
                    result.Add(new Embedding<float>(vector) { ModelId = Metadata.DefaultModelId, CreatedAt = DateTimeOffset.UtcNow });
            }
            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return Metadata;
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType.IsInstanceOfType(Parts.Encoder)) return Parts.Encoder;
        return null;
    }

    /// <summary>Nothing to release: the pipeline belongs to the caller.</summary>
    public void Dispose() => GC.SuppressFinalize(this);
}
