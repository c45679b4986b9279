using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Inference;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms.Embedding;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// Encoding throughput: JPEG files through the whole ML.NET pipeline (load, decode, resize, pixels, encode), the same
/// pipeline without the encoder (what decoding alone costs), and the encoder on tensors made once — each through
/// TorchSharp and through the model exported to ONNX (ONNX Runtime's CPU provider, all cores).
/// </summary>
internal static class EncodingCases
{
    public const int SourceImageSize = 224;

    public static void Images(SuiteCaseResult result, PriorClipModel model, string imageFolder, int count, int batch, int passes)
    {
        model.eval();
        var paths = WriteImages(imageFolder, count);
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var preprocessing = RetrievalPipeline.ImagePreprocessing(ml, model.ImageSize).Fit(data);
        var encoder = ml.Transforms.PriorClipEncode(model, batchSize: batch).Fit(preprocessing.Transform(data));
        var decodeOnly = Stopwatches.Milliseconds(() => Drain(preprocessing.Transform(data), "Pixels"), warmups: 1, repeats: passes);
        result.Add("decode_images_per_s", $"{count} {SourceImageSize}-px JPEGs loaded, resized to {model.ImageSize} px and extracted to pixels (ML.NET, no encoder)",
            "images/s", decodeOnly.Map(ms => count * 1000 / ms));
        var cpu = CpuClock.Start();
        var pipeline = Stopwatches.Milliseconds(() => Drain(encoder.Transform(preprocessing.Transform(data)), "ImageEmbedding"), warmups: 1, repeats: passes);
        result.Facts["pipeline_cpu_ms_per_image"] = cpu.ElapsedMilliseconds / ((passes + 1.0) * count);
        result.Add("pipeline_images_per_s", $"{count} JPEGs through the whole ML.NET pipeline (load, resize, pixels, PriorClipEncode, batch {batch})",
            "images/s", pipeline.Map(ms => count * 1000 / ms));

        using var pixels = randn([batch, 3, model.ImageSize, model.ImageSize], generator: new Generator(2));
        using var instruction = model.RequiresExternalInstruction ? randn([batch, model.InstructionWidth]) : null;
        int tensorRepeats = Math.Max(3, passes * count / batch);
        cpu = CpuClock.Start();
        var tensors = Stopwatches.Milliseconds(() =>
        {
            using var _ = no_grad();
            using var v = model.EncodeImage(pixels, instruction);
        }, warmups: 1, repeats: tensorRepeats);
        result.Facts["tensor_cpu_ms_per_image"] = cpu.ElapsedMilliseconds / ((tensorRepeats + 1.0) * batch);
        result.Add("tensor_images_per_s", $"EncodeImage on a premade batch of {batch} (raw TorchSharp, no ML.NET, no I/O)", "images/s", tensors.Map(ms => batch * 1000 / ms));
        result.Facts["batch"] = batch;

        // The same model exported to ONNX: a premade batch through an ONNX Runtime session, and the files through ML.NET's
        // ApplyOnnxModel pipeline (which runs the graph one row at a time). The graph also does the pixel normalisation.
        string onnxFile = Path.Combine(imageFolder, "..", $"image-{model.Config.Name}.onnx");
        File.WriteAllBytes(onnxFile, PriorClipOnnxExporter.ExportImageEncoder(model, PixelNormalization.Clip));
        using (var session = new InferenceSession(onnxFile, OnnxSessionOptions()))
        {
            int s = model.ImageSize;
            var raw = pixels.mul(60).add(128).data<float>().ToArray();
            var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.PixelsInput, new DenseTensor<float>(raw, [batch, 3, s, s])) };
            if (instruction is not null)
                inputs.Add(NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.InstructionInput, new DenseTensor<float>(instruction.data<float>().ToArray(), [batch, model.InstructionWidth])));
            var onnx = Stopwatches.Milliseconds(() => { using var _ = session.Run(inputs); }, warmups: 1, repeats: tensorRepeats);
            result.Add("onnx_tensor_images_per_s", $"the exported image encoder on a premade batch of {batch} (ONNX Runtime CPU session, no ML.NET, no I/O)", "images/s",
                onnx.Map(ms => batch * 1000 / ms));
        }
        if (!model.RequiresExternalInstruction)
        {
            var shapes = new Dictionary<string, int[]> { [PriorClipOnnxExporter.PixelsInput] = [1, 3, model.ImageSize, model.ImageSize] };
            var applyOnnx = ml.Transforms.ApplyOnnxModel([PriorClipOnnxExporter.ImageEmbeddingOutput], [PriorClipOnnxExporter.PixelsInput], onnxFile, shapes, gpuDeviceId: null, fallbackToCpu: false)
                .Fit(preprocessing.Transform(data));
            var onnxPipeline = Stopwatches.Milliseconds(() => Drain(applyOnnx.Transform(preprocessing.Transform(data)), "ImageEmbedding"), warmups: 1, repeats: passes);
            result.Add("onnx_pipeline_images_per_s", $"{count} JPEGs through ML.NET's LoadImages → ResizeImages → ExtractPixels → ApplyOnnxModel (exported encoder, one row per call)",
                "images/s", onnxPipeline.Map(ms => count * 1000 / ms));
        }
        TrainingStepCases.AddFlops(result, model);
    }

    public static void Captions(SuiteCaseResult result, PriorClipModel model, int batch, int repeats)
    {
        model.eval();
        var g = new Generator(3);
        using var ids = randint(2, model.VocabSize - 1, [batch, model.ContextLength], generator: g);
        ids[.., ^1] = tensor((long)model.VocabSize - 1);
        using var mask = ones_like(ids);
        var ms = Stopwatches.Milliseconds(() =>
        {
            using var _ = no_grad();
            using var t = model.EncodeText(ids, mask);
        }, warmups: 1, repeats: repeats);
        result.Add("tensor_captions_per_s", $"EncodeText on a premade batch of {batch} captions of {model.ContextLength} tokens (raw TorchSharp)",
            "captions/s", ms.Map(t => batch * 1000 / t));

        using var session = new InferenceSession(PriorClipOnnxExporter.ExportTextEncoder(model, PixelNormalization.Clip), OnnxSessionOptions());
        int l = model.ContextLength;
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.TokensInput, new DenseTensor<int>(ids.data<long>().ToArray().Select(i => (int)i).ToArray(), [batch, l])),
            NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.TokenMaskInput, new DenseTensor<float>(Enumerable.Repeat(1f, batch * l).ToArray(), [batch, l])),
        };
        var onnx = Stopwatches.Milliseconds(() => { using var _ = session.Run(inputs); }, warmups: 1, repeats: repeats);
        result.Add("onnx_tensor_captions_per_s", $"the exported text encoder on the same premade batch of {batch} (ONNX Runtime CPU session)",
            "captions/s", onnx.Map(t => batch * 1000 / t));
    }

    /// <summary>
    /// Peak memory of encoding <paramref name="count"/> JPEGs with tiny through the whole ML.NET pipeline, keeping the
    /// embeddings as <c>priorclip encode</c> does: run at 1,000 and 10,000 images, in processes of their own, it shows
    /// whether memory follows the archive (it should only by the embeddings kept: 512 bytes per image here).
    /// </summary>
    public static void Memory(SuiteCaseResult result, string imageFolder, int count)
    {
        using var model = PriorClipModelFactory.Create("tiny", seed: 0);
        model.eval();
        var paths = WriteImages(imageFolder, count);
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var preprocessing = RetrievalPipeline.ImagePreprocessing(ml, model.ImageSize).Fit(data);
        var encoder = ml.Transforms.PriorClipEncode(model, batchSize: 128).Fit(preprocessing.Transform(data));
        var view = encoder.Transform(preprocessing.Transform(data));
        var rows = new List<float[]>(count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var cursor = view.GetRowCursor([view.Schema["ImageEmbedding"]]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(view.Schema["ImageEmbedding"]);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                rows.Add(buffer.DenseValues().ToArray());
            }
        }
        result.Add("encode_images_per_s", $"{count:N0} JPEGs encoded with tiny through the ML.NET pipeline, embeddings kept", "images/s",
            new SampleStats(count * 1000 / clock.Elapsed.TotalMilliseconds, count * 1000 / clock.Elapsed.TotalMilliseconds, count * 1000 / clock.Elapsed.TotalMilliseconds, 1));
        result.Facts["images"] = rows.Count;
        result.Facts["embeddings_mb"] = rows.Count * (double)model.EmbedDim * sizeof(float) / (1024.0 * 1024.0);
    }

    // All cores, as the TorchSharp cases (LibTorch's thread count is set explicitly too).
    static SessionOptions OnnxSessionOptions() => new() { IntraOpNumThreads = Environment.ProcessorCount };

    static void Drain(IDataView view, string column)
    {
        var col = view.Schema[column];
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext()) getter(ref buffer);
    }

    /// <summary>Seeded JPEG tiles (gradient background, coloured rectangles), written once and reused.</summary>
    static List<string> WriteImages(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(5);
        var paths = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string path = Path.GetFullPath(Path.Combine(folder, $"tile{i:D4}.jpg"));
            paths.Add(path);
            if (File.Exists(path)) continue;
            using var bitmap = new SKBitmap(SourceImageSize, SourceImageSize);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                using var paint = new SKPaint();
                for (int r = 0; r < 12; r++)
                {
                    paint.Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                    canvas.DrawRect(random.Next(SourceImageSize), random.Next(SourceImageSize), 8 + random.Next(80), 8 + random.Next(80), paint);
                }
            }
            using var image = SKImage.FromBitmap(bitmap);
            using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 90);
            string temporary = path + ".tmp";
            using (var file = File.Create(temporary)) jpeg.SaveTo(file);
            File.Move(temporary, path, overwrite: true);
        }
        return paths;
    }

    sealed class PathRow
    {
        [ColumnName(CaptionDatasetColumns.ImagePath)]
        public string ImagePath { get; set; } = "";
    }
}
