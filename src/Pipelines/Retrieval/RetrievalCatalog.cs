using Microsoft.ML;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Image–text retrieval evaluation in ML.NET style, reached through <c>mlContext.Retrieval()</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>input</term><description>one row per caption</description></listheader>
/// <item><term>ImageEmbedding</term><description>vector of Single, the caption's image's embedding</description></item>
/// <item><term>TextEmbedding</term><description>vector of Single, the caption's embedding (same dimension)</description></item>
/// <item><term>ImageId</term><description>text, integer or key; rows with one id are one image (first-seen order)</description></item>
/// <item><term>SceneClass (optional)</term><description>text; enables per-class recall and the class confusion</description></item>
/// </list>
/// Protocol (docs/method.md §9): scores are dot products of L2-normalised embeddings (the evaluator
/// normalises unless <see cref="RetrievalEvaluatorOptions.EmbeddingsAreNormalized"/> is set).
/// Each query's candidates are ordered by higher score first; <b>equal scores are ordered by lower
/// candidate index</b> (image index = first-seen order of ids, caption index = row order), so a
/// candidate with an equal score and a lower index ranks ahead of the true item. Image → text
/// R@K is the percentage of images with any of their captions in the top K; text → image R@K is
/// the percentage of captions whose own image is in the top K. Scores are computed in tiles of
/// queries × candidates, in parallel, without materialising the score matrix; results are
/// identical for any degree of parallelism.
/// </remarks>
public sealed class RetrievalCatalog
{
    private readonly MLContext _mlContext;

    internal RetrievalCatalog(MLContext mlContext)
    {
        _mlContext = mlContext;
        Trainers = new PriorClip.MLNet.Trainers.RetrievalTrainers(mlContext);
    }

    /// <summary>Retrieval trainers: <c>mlContext.Retrieval().Trainers.PriorClip(...)</c>.</summary>
    public PriorClip.MLNet.Trainers.RetrievalTrainers Trainers { get; }

    /// <summary>Evaluates retrieval on one-row-per-caption data with the given column names.</summary>
    /// <param name="data">Rows of (image embedding, text embedding, image id[, scene class]).</param>
    /// <param name="imageEmbeddingColumnName">Image embedding column (vector of Single).</param>
    /// <param name="textEmbeddingColumnName">Text embedding column (vector of Single).</param>
    /// <param name="imageIdColumnName">Image id column (text, integer or key).</param>
    /// <param name="sceneClassColumnName">Optional scene class column (text) for the per-class breakdown.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">The data is empty, dimensions disagree, a value is NaN/infinite, or rows of one image disagree.</exception>
    public RetrievalMetrics Evaluate(IDataView data, string imageEmbeddingColumnName = "ImageEmbedding",
        string textEmbeddingColumnName = "TextEmbedding", string imageIdColumnName = "ImageId", string? sceneClassColumnName = null) =>
        Evaluate(data, new RetrievalEvaluatorOptions
        {
            ImageEmbeddingColumnName = imageEmbeddingColumnName,
            TextEmbeddingColumnName = textEmbeddingColumnName,
            ImageIdColumnName = imageIdColumnName,
            SceneClassColumnName = sceneClassColumnName,
        });

    /// <summary>Evaluates retrieval on one-row-per-caption data.</summary>
    /// <param name="data">Rows of (image embedding, text embedding, image id[, scene class]).</param>
    /// <param name="options">Column names, recall cutoffs, normalisation and parallelism.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="ArgumentException">The data is empty, dimensions disagree, a value is NaN/infinite, or rows of one image disagree.</exception>
    public RetrievalMetrics Evaluate(IDataView data, RetrievalEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int[] cutoffs = options.EffectiveRecallCutoffs();
        RetrievalInput input = DataViewRetrievalInputReader.Read(data, options);
        return RetrievalMetricsCalculator.Evaluate(input, cutoffs, options.EffectiveTopCandidateCount(), options.MaxDegreeOfParallelism);
    }

    /// <summary>Evaluates retrieval on embedding matrices made elsewhere.</summary>
    /// <param name="imageEmbeddings">One row per image.</param>
    /// <param name="textEmbeddings">One row per caption.</param>
    /// <param name="captionToImage">Image row of each caption row (see <see cref="CaptionImageMapping"/>).</param>
    /// <param name="imageSceneClasses">Optional scene class of each image row, for the per-class breakdown.</param>
    /// <param name="options">Recall cutoffs, normalisation and parallelism (column names are ignored).</param>
    /// <exception cref="ArgumentException">
    /// Sizes disagree, a caption maps to an unknown image, an image has no caption, or a value is NaN/infinite.
    /// </exception>
    public RetrievalMetrics Evaluate(EmbeddingMatrix imageEmbeddings, EmbeddingMatrix textEmbeddings,
        IReadOnlyList<int> captionToImage, IReadOnlyList<string>? imageSceneClasses = null, RetrievalEvaluatorOptions? options = null)
    {
        options ??= new RetrievalEvaluatorOptions();
        int[] cutoffs = options.EffectiveRecallCutoffs();
        RetrievalInput input = RetrievalInputBuilder.FromMatrices(imageEmbeddings, textEmbeddings, captionToImage,
            options.EmbeddingsAreNormalized, imageSceneClasses);
        return RetrievalMetricsCalculator.Evaluate(input, cutoffs, options.EffectiveTopCandidateCount(), options.MaxDegreeOfParallelism);
    }

    /// <summary>
    /// Builds the input of <c>mlContext.Ranking.Evaluate(view, "Label", "GroupId", "Score")</c>: one
    /// group per query (text → image: per caption; image → text: per image), its rows contiguous:
    /// the top-<paramref name="topN"/> candidates in protocol order, then any relevant candidate ranked
    /// below <paramref name="topN"/> (so ML.NET's ideal DCG counts every relevant item). Columns: see
    /// <see cref="RetrievalRankingRow"/>; <c>GroupId</c> is a key type, <c>Label</c> is 1/0, <c>Score</c> = −rank.
    /// </summary>
    /// <remarks>
    /// NDCG@k and DCG@k from ML.NET are exact for k ≤ <paramref name="topN"/> (keep
    /// <c>RankingEvaluatorOptions.DcgTruncationLevel</c> ≤ topN). With one relevant item per query
    /// (text → image) NDCG@1 = R@1 / 100. ML.NET's DCG uses gain 3 for label 1 and a natural-log
    /// discount, so DCG values differ in scale from the log2 textbook form; NDCG, a ratio, does not.
    /// </remarks>
    /// <param name="data">Rows of (image embedding, text embedding, image id).</param>
    /// <param name="direction">Which modality queries.</param>
    /// <param name="topN">Candidates kept per query, 1..99.</param>
    /// <param name="imageEmbeddingColumnName">Image embedding column (vector of Single).</param>
    /// <param name="textEmbeddingColumnName">Text embedding column (vector of Single).</param>
    /// <param name="imageIdColumnName">Image id column (text, integer or key).</param>
    public IDataView ToRankingData(IDataView data, RetrievalDirection direction, int topN = 10,
        string imageEmbeddingColumnName = "ImageEmbedding", string textEmbeddingColumnName = "TextEmbedding",
        string imageIdColumnName = "ImageId") =>
        ToRankingData(data, direction, topN, new RetrievalEvaluatorOptions
        {
            ImageEmbeddingColumnName = imageEmbeddingColumnName,
            TextEmbeddingColumnName = textEmbeddingColumnName,
            ImageIdColumnName = imageIdColumnName,
        });

    /// <summary>The ranking view of <see cref="ToRankingData(IDataView, RetrievalDirection, int, string, string, string)"/>, configured by options.</summary>
    /// <param name="data">Rows of (image embedding, text embedding, image id).</param>
    /// <param name="direction">Which modality queries.</param>
    /// <param name="topN">Candidates kept per query, 1..99.</param>
    /// <param name="options">Column names, normalisation and parallelism.</param>
    public IDataView ToRankingData(IDataView data, RetrievalDirection direction, int topN, RetrievalEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RetrievalInput input = DataViewRetrievalInputReader.Read(data, options);
        return RankingDataBuilder.Build(_mlContext, input, direction, topN, options.MaxDegreeOfParallelism);
    }

    /// <summary>The ranking view of <see cref="ToRankingData(IDataView, RetrievalDirection, int, string, string, string)"/> for embedding matrices.</summary>
    /// <param name="imageEmbeddings">One row per image.</param>
    /// <param name="textEmbeddings">One row per caption.</param>
    /// <param name="captionToImage">Image row of each caption row.</param>
    /// <param name="direction">Which modality queries.</param>
    /// <param name="topN">Candidates kept per query, 1..99.</param>
    /// <param name="options">Normalisation and parallelism (column names are ignored).</param>
    public IDataView ToRankingData(EmbeddingMatrix imageEmbeddings, EmbeddingMatrix textEmbeddings,
        IReadOnlyList<int> captionToImage, RetrievalDirection direction, int topN = 10, RetrievalEvaluatorOptions? options = null)
    {
        options ??= new RetrievalEvaluatorOptions();
        RetrievalInput input = RetrievalInputBuilder.FromMatrices(imageEmbeddings, textEmbeddings, captionToImage,
            options.EmbeddingsAreNormalized, imageSceneClasses: null);
        return RankingDataBuilder.Build(_mlContext, input, direction, topN, options.MaxDegreeOfParallelism);
    }
}
