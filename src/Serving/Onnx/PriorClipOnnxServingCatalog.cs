using Microsoft.ML;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Pipelines.Recipes;

namespace PriorClip.MLNet.Serving.Onnx;

/// <summary>
/// ML.NET pipelines that encode with a PriorCLIP model exported to ONNX: ML.NET's own <c>LoadImages</c> →
/// <c>ResizeImages</c> → <c>ExtractPixels</c> → <c>ApplyOnnxModel</c> for images, <c>ApplyOnnxModel</c> over the
/// <c>Tokens</c>/<c>TokenMask</c> columns for captions. Nothing in them is a PriorClip component: a fitted pipeline saves
/// with <c>mlContext.Model.Save</c> (the ONNX bytes go inside the .zip) and loads anywhere ML.NET and ONNX Runtime run,
/// without <c>RegisterPriorClip()</c> and without TorchSharp.
/// </summary>
public static class PriorClipOnnxServingCatalog
{
    /// <summary>Image path → <c>ImageEmbedding</c> (Vector&lt;Single, D&gt;, unit rows) with the exported image encoder.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="exportDirectory">The export directory (or its manifest).</param>
    /// <param name="imagePathColumnName">Column with image file paths.</param>
    /// <param name="gpuDeviceId">CUDA device, or null for the CPU.</param>
    /// <param name="fallbackToCpu">Use the CPU when CUDA is unavailable instead of failing.</param>
    public static IEstimator<ITransformer> ApplyPriorClipOnnxImageEncoder(this TransformsCatalog catalog, string exportDirectory,
        string imagePathColumnName = "ImagePath", int? gpuDeviceId = null, bool fallbackToCpu = false) =>
        catalog.ApplyPriorClipOnnxImageEncoder(new PriorClipOnnxEncoderOptions
        {
            ExportDirectory = exportDirectory,
            ImagePathColumnName = imagePathColumnName,
            GpuDeviceId = gpuDeviceId,
            FallbackToCpu = fallbackToCpu,
        });

    /// <summary>Image path → <c>ImageEmbedding</c> with the exported image encoder (see <see cref="PriorClipOnnxEncoderOptions"/>).</summary>
    public static IEstimator<ITransformer> ApplyPriorClipOnnxImageEncoder(this TransformsCatalog catalog, PriorClipOnnxEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var manifest = OnnxExportManifest.Read(options.ExportDirectory);
        var resizing = manifest.Resizing == "iso_crop" ? ImageResizingEstimator.ResizingKind.IsoCrop : ImageResizingEstimator.ResizingKind.Fill;
        int s = manifest.ImageSize;
        var inputs = manifest.InstructionWidth > 0
            ? new[] { PriorClipOnnxExporter.PixelsInput, options.InstructionColumnName }
            : [PriorClipOnnxExporter.PixelsInput];
        var shapes = new Dictionary<string, int[]> { [PriorClipOnnxExporter.PixelsInput] = [1, 3, s, s] };
        if (manifest.InstructionWidth > 0) shapes[options.InstructionColumnName] = [1, manifest.InstructionWidth];
        var encoder = catalog.ApplyOnnxModel([PriorClipOnnxExporter.ImageEmbeddingOutput], inputs,
            OnnxExportManifest.Resolve(options.ExportDirectory, manifest.ImageEncoder), shapes, options.GpuDeviceId, options.FallbackToCpu);
        return RetrievalPipeline.ImagePreprocessing(catalog, s, options.ImagePathColumnName, resizing).Append(encoder);
    }

    /// <summary>
    /// <c>Tokens</c> (Vector&lt;Int32, L&gt;) + <c>TokenMask</c> (Vector&lt;Single, L&gt;) → <c>TextEmbedding</c> with the exported
    /// text encoder. Tokenize first with the model's own tokenizer (the <c>PriorClipTokenize</c> step of the trained
    /// pipeline) or any tokenizer that follows the manifest's rules and vocabulary.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="exportDirectory">The export directory (or its manifest).</param>
    /// <param name="gpuDeviceId">CUDA device, or null for the CPU.</param>
    /// <param name="fallbackToCpu">Use the CPU when CUDA is unavailable instead of failing.</param>
    public static IEstimator<ITransformer> ApplyPriorClipOnnxTextEncoder(this TransformsCatalog catalog, string exportDirectory,
        int? gpuDeviceId = null, bool fallbackToCpu = false) =>
        catalog.ApplyPriorClipOnnxTextEncoder(new PriorClipOnnxEncoderOptions { ExportDirectory = exportDirectory, GpuDeviceId = gpuDeviceId, FallbackToCpu = fallbackToCpu });

    /// <summary>Tokens + TokenMask → <c>TextEmbedding</c> with the exported text encoder (see <see cref="PriorClipOnnxEncoderOptions"/>).</summary>
    public static IEstimator<ITransformer> ApplyPriorClipOnnxTextEncoder(this TransformsCatalog catalog, PriorClipOnnxEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var manifest = OnnxExportManifest.Read(options.ExportDirectory);
        int l = manifest.Tokenizer.SequenceLength;
        var shapes = new Dictionary<string, int[]> { [PriorClipOnnxExporter.TokensInput] = [1, l], [PriorClipOnnxExporter.TokenMaskInput] = [1, l] };
        return catalog.ApplyOnnxModel([PriorClipOnnxExporter.TextEmbeddingOutput], [PriorClipOnnxExporter.TokensInput, PriorClipOnnxExporter.TokenMaskInput],
            OnnxExportManifest.Resolve(options.ExportDirectory, manifest.TextEncoder), shapes, options.GpuDeviceId, options.FallbackToCpu);
    }
}
