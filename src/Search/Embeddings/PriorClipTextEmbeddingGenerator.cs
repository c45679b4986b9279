using Microsoft.Extensions.AI;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Search.Embeddings;

/// <summary>
/// A PriorCLIP model's text side as <c>Microsoft.Extensions.AI</c>'s <see cref="IEmbeddingGenerator{String, Embedding}"/>:
/// captions in, the pipeline's own <c>TextEmbedding</c> vectors out (unit length, the model's joint space), so code and
/// vector stores written against that abstraction can take a PriorCLIP model.
/// </summary>
public sealed class PriorClipTextEmbeddingGenerator : PriorClipEmbeddingGeneratorBase<string>
{
    /// <summary>Wraps a fitted or loaded PriorCLIP pipeline.</summary>
    /// <param name="model">Tokenizer + image steps + <c>PriorClipEncode</c>, e.g. from <c>mlContext.Model.Load</c>.</param>
    /// <param name="modelId">Reported as the model id; default: the model config's name.</param>
    public PriorClipTextEmbeddingGenerator(ITransformer model, string? modelId = null) : base(model, modelId) { }

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    private protected override IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<string> values)
    {
        var view = Parts.TextSide.Transform(Ml.Data.LoadFromEnumerable(values.Select(v => new CaptionRow { Caption = v }).ToList()));
        return view.GetColumn<float[]>(Parts.Encoder.Options.TextEmbeddingColumnName).ToList();
    }
}
