using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Transforms.Embedding;
using PriorClip.MLNet.Transforms.Tokenization;

namespace PriorClip.MLNet.Pipelines.Recipes;

/// <summary>
/// The two halves of a fitted PriorCLIP pipeline (tokenizer + image preprocessing + encoder): the
/// image side (everything but the tokenizer) encodes rows that have only an image path, the text
/// side (everything but the image steps) rows that have only a caption — an image archive and a
/// text query need no dummy columns.
/// </summary>
public sealed class RetrievalModelParts
{
    RetrievalModelParts(ITransformer imageSide, ITransformer textSide, PriorClipEncodeTransformer encoder)
    {
        ImageSide = imageSide;
        TextSide = textSide;
        Encoder = encoder;
    }

    /// <summary>Image path → ImageEmbedding.</summary>
    public ITransformer ImageSide { get; }

    /// <summary>Caption → TextEmbedding.</summary>
    public ITransformer TextSide { get; }

    /// <summary>The encoder itself.</summary>
    public PriorClipEncodeTransformer Encoder { get; }

    /// <summary>Splits a fitted (or loaded) chain; throws unless it holds exactly one PriorClip encoder.</summary>
    public static RetrievalModelParts From(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var steps = Flatten(model).ToList();
        var encoders = steps.OfType<PriorClipEncodeTransformer>().ToList();
        if (encoders.Count != 1)
            throw new ArgumentException($"the model must contain exactly one PriorClipEncode step; it has {encoders.Count} (steps: {string.Join(", ", steps.Select(s => s.GetType().Name))})", nameof(model));
        // Image steps include a prior that runs on the pixels (pixel normalisation, an ONNX scene classifier).
        static bool IsImageStep(ITransformer t) => t is ImageLoadingTransformer or ImageResizingTransformer or ImagePixelExtractingTransformer
            or Transforms.Images.ClipPixelNormalizingTransformer or Microsoft.ML.Transforms.Onnx.OnnxTransformer;
        var image = steps.Where(t => t is not PriorClipTokenizingTransformer).ToArray();
        var text = steps.Where(t => !IsImageStep(t)).ToArray();
        return new RetrievalModelParts(new TransformerChain<ITransformer>(image), new TransformerChain<ITransformer>(text), encoders[0]);
    }

    // A fitted pipeline nests chains (preprocessing chain, then the encoder): walk them in order.
    internal static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];
}
