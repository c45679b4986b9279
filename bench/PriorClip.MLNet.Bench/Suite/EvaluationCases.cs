using System.Diagnostics;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// The retrieval evaluator (<c>mlContext.Retrieval().Evaluate</c> with its defaults, all cores) at a given size,
/// against its floor — one dense GEMM of every image with every caption, nothing ranked — and, where memory allows,
/// the textbook evaluator: the dense score matrix, then a full argsort of every row and column.
/// </summary>
internal static class EvaluationCases
{
    public static void Run(SuiteCaseResult result, int images, int repeats, bool naive)
    {
        const int dimension = 512, captionsPerImage = 5;
        var shape = new RetrievalBenchmarkCase("suite", images, captionsPerImage, dimension, Environment.ProcessorCount);
        var (imageMatrix, captionMatrix, mapping) = RetrievalBenchmarkRunner.Generate(shape, seed: 42);
        var catalog = new MLContext(1).Retrieval();
        var options = new RetrievalEvaluatorOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        RetrievalMetrics? metrics = null;
        var evaluate = Stopwatches.Milliseconds(() => metrics = catalog.Evaluate(imageMatrix, captionMatrix, mapping, options: options), warmups: 1, repeats: repeats);
        result.Add("evaluate_ms", $"Evaluate, {images:N0} images × {mapping.Length:N0} captions, d = {dimension}, {Environment.ProcessorCount} workers", "ms", evaluate);
        using (var process = Process.GetCurrentProcess())
        {
            process.Refresh();
            result.Facts["evaluator_peak_mb"] = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        }
        result.Facts["input_mb"] = (imageMatrix.Values.Length + captionMatrix.Values.Length) * 4.0 / (1024 * 1024);
        result.Facts["dense_matrix_mb"] = (double)images * mapping.Length * 4 / (1024 * 1024);
        result.Facts["images"] = images;
        result.Facts["captions"] = mapping.Length;

        using var v = nn.functional.normalize(tensor(imageMatrix.Values.ToArray(), [images, dimension]), dim: 1);
        using var t = nn.functional.normalize(tensor(captionMatrix.Values.ToArray(), [mapping.Length, dimension]), dim: 1);
        var gemm = Stopwatches.Milliseconds(() => { using var s = v.mm(t.t()); }, warmups: 1, repeats: repeats);
        result.Add("gemm_ms", $"dense score GEMM alone ({images:N0} × {mapping.Length:N0} × {dimension}, LibTorch)", "ms", gemm);

        if (!naive) return;
        using var gt = tensor(mapping.Select(m => (long)m).ToArray());
        (double ImageToText, double TextToImage) textbookR1 = default;
        var textbook = Stopwatches.Milliseconds(() => textbookR1 = NaiveR1(v, t, gt, captionsPerImage), warmups: 1, repeats: repeats);
        result.Add("naive_ms", "textbook evaluator: dense scores, argsort of every row and column (LibTorch)", "ms", textbook);
        Agree(result, "i2t", "image → text", textbookR1.ImageToText * 100, metrics!.ImageToText.RecallAt1);
        Agree(result, "t2i", "text → image", textbookR1.TextToImage * 100, metrics.TextToImage.RecallAt1);
    }

    /// <summary>Records both evaluators' R@1 (percent) and a note where they differ by more than one query of 1,093 (0.09 points; float32 ties could move one).</summary>
    static void Agree(SuiteCaseResult result, string key, string direction, double textbook, double ours)
    {
        result.Facts[$"naive_{key}_r1"] = textbook;
        result.Facts[$"evaluator_{key}_r1"] = ours;
        if (Math.Abs(textbook - ours) > 0.1)
            result.Notes.Add($"the textbook evaluator's {direction} R@1 ({textbook:F2} %) differs from Evaluate's ({ours:F2} %)");
    }

    /// <summary>Both directions ranked by full sorts; their R@1 as fractions (to check the two evaluators agree).</summary>
    static (double ImageToText, double TextToImage) NaiveR1(Tensor v, Tensor t, Tensor captionToImage, int captionsPerImage)
    {
        using var scope = NewDisposeScope();
        var scores = v.mm(t.t());
        // Image → text: the rank of each caption in its image's row; an image's rank is its best caption's.
        var captionRanks = scores.argsort(1, descending: true).argsort(1);
        var own = captionRanks.view(scores.shape[0], -1, captionsPerImage).diagonal(0, 0, 1).t(); // [images, 5]: own captions' ranks
        var imageRank = own.min(1).values;
        // Text → image: the rank of each caption's image in its column.
        var imageRanks = scores.t().argsort(1, descending: true).argsort(1);
        var textRank = imageRanks.gather(1, captionToImage.unsqueeze(1));
        return (imageRank.lt(1).to_type(ScalarType.Float32).mean().item<float>(), textRank.lt(1).to_type(ScalarType.Float32).mean().item<float>());
    }
}
