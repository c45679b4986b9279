using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Modeling.Import;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Embedding;
using PriorClip.MLNet.Transforms.Tokenization;

namespace PriorClip.MLNet.Pipelines.Recipes;

/// <summary>
/// A CLIP-family checkpoint as an ordinary fitted PriorCLIP pipeline: CLIP BPE tokenization (the tokenizer files
/// beside the checkpoint), ML.NET's image loading, CLIP's resize (shortest side to the model size, centre crop),
/// pixel extraction, and the encoder with the imported weights. Save it with <c>mlContext.Model.Save</c>; the
/// <c>.zip</c> serves encode, search, eval, zero-shot and fine-tuning like a trained one.
/// </summary>
public static class ClipCheckpointPipeline
{
    /// <summary>What <see cref="Import"/> built.</summary>
    /// <param name="Model">The fitted chain (tokenizer, image steps, encoder).</param>
    /// <param name="Checkpoint">How the checkpoint was read.</param>
    /// <param name="TokenizerSource">The tokenizer file(s) used.</param>
    /// <param name="InputSchema">The input the chain was fitted on (ImagePath, Caption): pass it to <c>mlContext.Model.Save</c>.</param>
    public sealed record Result(TransformerChain<ITransformer> Model, ImportedClipModel Checkpoint, string TokenizerSource, DataViewSchema InputSchema);

    /// <summary>Imports <paramref name="checkpointPath"/> with the tokenizer in <paramref name="tokenizerFolder"/> (default: the checkpoint's folder).</summary>
    /// <param name="ml">The context.</param>
    /// <param name="checkpointPath">The checkpoint file.</param>
    /// <param name="tokenizerFolder">Folder with vocab.json + merges.txt or bpe_simple_vocab_16e6.txt.gz; null for the checkpoint's folder.</param>
    /// <param name="options">Activation and name.</param>
    /// <returns>The fitted pipeline.</returns>
    public static Result Import(MLContext ml, string checkpointPath, string? tokenizerFolder = null, ClipImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        tokenizerFolder ??= Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!;
        var (vocabulary, source) = ClipTokenizerFiles.Load(tokenizerFolder);
        var imported = ClipCheckpointImporter.Import(checkpointPath, options);
        var model = imported.Model;
        int largestId = vocabulary.TokenIds.Values.Max();
        if (largestId >= model.VocabSize)
        {
            model.Dispose();
            throw new InvalidDataException($"tokenizer {source} has ids up to {largestId}, but checkpoint '{checkpointPath}' embeds only {model.VocabSize} tokens: the tokenizer belongs to another model");
        }
        var estimator = ml.Transforms.PriorClipTokenize(vocabulary, contextLength: model.ContextLength)
            .Append(RetrievalPipeline.ImagePreprocessing(ml, model.ImageSize, resizing: ImageResizingEstimator.ResizingKind.IsoCrop))
            .Append(ml.Transforms.PriorClipEncode(model));
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<CaptionRow>());
        var fitted = estimator.Fit(empty);
        return new Result(new TransformerChain<ITransformer>(fitted.ToArray()), imported, source, empty.Schema);
    }

    sealed class CaptionRow
    {
        [ColumnName(CaptionDatasetColumns.ImagePath)]
        public string ImagePath { get; set; } = "";

        [ColumnName(CaptionDatasetColumns.Caption)]
        public string Caption { get; set; } = "";
    }
}
