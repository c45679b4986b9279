using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Export.Onnx;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Transforms;

namespace PriorClip.MLNet.Serving.Onnx;

/// <summary>
/// Encodes images and captions with an ONNX export in batches through ONNX Runtime sessions (CPU or CUDA), with no
/// TorchSharp: images are decoded and resized by ML.NET's image transforms exactly as the trained pipeline does, captions
/// tokenized by the export's <c>tokenizer.zip</c>. The streaming counterpart of the ML.NET pipelines of
/// <see cref="PriorClipOnnxServingCatalog"/> (which run ONNX Runtime one row at a time), for <c>priorclip encode --backend onnx</c>.
/// </summary>
public sealed class OnnxBatchEncoder : IDisposable
{
    readonly string _directory;
    readonly OnnxExecutionOptions _options;
    readonly InferenceSession _image;
    readonly InferenceSession _text;
    readonly MLContext _ml = new(seed: 0);

    sealed class PathRow { public string ImagePath { get; set; } = ""; }

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    OnnxBatchEncoder(string directory, OnnxExportManifest manifest, OnnxExecutionOptions options, InferenceSession image, InferenceSession text, string provider)
    {
        _directory = directory;
        Manifest = manifest;
        _options = options;
        _image = image;
        _text = text;
        ExecutionProvider = provider;
    }

    /// <summary>The export's manifest.</summary>
    public OnnxExportManifest Manifest { get; }

    /// <summary>What runs the graphs: "CPU", "CUDA:0", or "CPU (CUDA unavailable: …)" after an allowed fallback.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Opens both encoders of the export in <paramref name="exportDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and cannot be used (and no fallback was allowed).</exception>
    public static OnnxBatchEncoder Open(string exportDirectory, OnnxExecutionOptions? options = null)
    {
        options ??= new OnnxExecutionOptions();
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"BatchSize must be at least 1, got {options.BatchSize}");
        var manifest = OnnxExportManifest.Read(exportDirectory);
        var (sessionOptions, provider) = SessionOptionsFor(options);
        using (sessionOptions)
        {
            var image = new InferenceSession(OnnxExportManifest.Resolve(exportDirectory, manifest.ImageEncoder), sessionOptions);
            var text = new InferenceSession(OnnxExportManifest.Resolve(exportDirectory, manifest.TextEncoder), sessionOptions);
            return new OnnxBatchEncoder(exportDirectory, manifest, options, image, text, provider);
        }
    }

    static (SessionOptions Options, string Provider) SessionOptionsFor(OnnxExecutionOptions options)
    {
        var session = new SessionOptions();
        if (options.IntraOpThreads is int threads) session.IntraOpNumThreads = threads;
        if (options.Device == OnnxDevice.Cpu) return (session, "CPU");
        try
        {
            session.AppendExecutionProvider_CUDA(options.DeviceId);
            return (session, $"CUDA:{options.DeviceId}");
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            string why = $"ONNX Runtime's CUDA execution provider cannot be used ({e.GetType().Name}: {e.Message.Trim()}). " +
                         "It needs the GPU build (dotnet build -p:PriorClipOnnxRuntime=gpu, package Microsoft.ML.OnnxRuntime.Gpu.Linux), " +
                         "CUDA 13 and cuDNN 9 on the library path";
            if (!options.FallbackToCpu)
            {
                session.Dispose();
                throw new InvalidOperationException(why + "; allow the CPU with FallbackToCpu (CLI: --fallback-to-cpu).", e);
            }
            session.Dispose();
            var cpu = new SessionOptions();
            if (options.IntraOpThreads is int t) cpu.IntraOpNumThreads = t;
            return (cpu, $"CPU (CUDA unavailable: {e.Message.Trim()})");
        }
    }

    /// <summary>
    /// Images already decoded and resized: <paramref name="count"/> rows of planar RGB 0–255 pixels [count,3,S,S]
    /// (+ instruction [count,P] when the model has an external prior) → unit embeddings [count,D], row-major.
    /// </summary>
    public float[] EncodePixels(float[] pixels, int count, float[]? instruction = null)
    {
        int s = Manifest.ImageSize, p = Manifest.InstructionWidth;
        if (pixels.Length != count * 3 * s * s)
            throw new ArgumentException($"pixels must hold {count} × 3 × {s} × {s} = {count * 3 * s * s} values, got {pixels.Length}", nameof(pixels));
        if (p > 0 && (instruction is null || instruction.Length != count * p))
            throw new ArgumentException($"this model needs an instruction of {count} × {p} values (its prior is external), got {instruction?.Length ?? 0}", nameof(instruction));
        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.PixelsInput, new DenseTensor<float>(pixels, [count, 3, s, s])) };
        if (p > 0) inputs.Add(NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.InstructionInput, new DenseTensor<float>(instruction!, [count, p])));
        return Run(_image, inputs);
    }

    /// <summary>Token rows [count,L] (ids int32, mask 1 = token / 0 = padding) → unit embeddings [count,D], row-major.</summary>
    public float[] EncodeTokens(int[] ids, float[] mask, int count, int length)
    {
        if (ids.Length != count * length || mask.Length != count * length)
            throw new ArgumentException($"ids and mask must hold {count} × {length} values, got {ids.Length} and {mask.Length}");
        return Run(_text,
        [
            NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.TokensInput, new DenseTensor<int>(ids, [count, length])),
            NamedOnnxValue.CreateFromTensor(PriorClipOnnxExporter.TokenMaskInput, new DenseTensor<float>(mask, [count, length])),
        ]);
    }

    /// <summary>Image files → embeddings, decoded by ML.NET as the trained pipeline does and encoded <see cref="OnnxExecutionOptions.BatchSize"/> at a time.</summary>
    /// <param name="paths">Image files.</param>
    /// <param name="progress">Receives the number of images encoded so far.</param>
    public EmbeddingMatrix EncodeImageFiles(IReadOnlyList<string> paths, IProgress<int>? progress = null)
    {
        if (Manifest.InstructionWidth > 0)
            throw new NotSupportedException($"this export's image encoder needs an external instruction ({Manifest.InstructionWidth} values per image) that image files alone do not give; use EncodePixels with the prior's features.");
        var resizing = Manifest.Resizing == "iso_crop" ? ImageResizingEstimator.ResizingKind.IsoCrop : ImageResizingEstimator.ResizingKind.Fill;
        var data = _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var view = RetrievalPipeline.ImagePreprocessing(_ml, Manifest.ImageSize, resizing: resizing).Fit(data).Transform(data);
        int rowSize = 3 * Manifest.ImageSize * Manifest.ImageSize;
        return Stream(view, "Pixels", paths.Count, rowSize, progress, (batch, n) => EncodePixels(batch, n));
    }

    /// <summary>Captions → embeddings, tokenized by the export's <c>tokenizer.zip</c>.</summary>
    public EmbeddingMatrix EncodeCaptions(IReadOnlyList<string> captions, IProgress<int>? progress = null)
    {
        var tokenizerPath = OnnxExportManifest.Resolve(_directory, Manifest.Tokenizer.MlNetModel
            ?? throw new InvalidDataException($"{_directory}: the manifest names no tokenizer model; re-export with this version."));
        var tokenizer = PriorClipModelFile.Load(new MLContext(seed: 0).RegisterPriorClip(), tokenizerPath, out var inputSchema);
        var definition = SchemaDefinition.Create(typeof(CaptionRow));
        definition[0].ColumnName = inputSchema[0].Name;
        var view = tokenizer.Transform(_ml.Data.LoadFromEnumerable(captions.Select(c => new CaptionRow { Caption = c }), definition));
        int l = Manifest.Tokenizer.SequenceLength;
        using var cursor = view.GetRowCursor([view.Schema["Tokens"], view.Schema["TokenMask"]]);
        var idsGetter = cursor.GetGetter<VBuffer<int>>(view.Schema["Tokens"]);
        var maskGetter = cursor.GetGetter<VBuffer<float>>(view.Schema["TokenMask"]);
        int batch = _options.BatchSize, d = Manifest.EmbeddingDimension;
        var result = new float[captions.Count * d];
        var ids = new int[batch * l];
        var mask = new float[batch * l];
        VBuffer<int> idRow = default;
        VBuffer<float> maskRow = default;
        int done = 0, inBatch = 0;
        while (cursor.MoveNext())
        {
            idsGetter(ref idRow);
            maskGetter(ref maskRow);
            idRow.DenseValues().ToArray().CopyTo(ids, inBatch * l);
            maskRow.DenseValues().ToArray().CopyTo(mask, inBatch * l);
            if (++inBatch == batch) Flush();
        }
        if (inBatch > 0) Flush();
        return new EmbeddingMatrix(result, captions.Count, d);

        void Flush()
        {
            var embeddings = EncodeTokens(ids[..(inBatch * l)], mask[..(inBatch * l)], inBatch, l);
            embeddings.CopyTo(result, done * d);
            done += inBatch;
            inBatch = 0;
            progress?.Report(done);
        }
    }

    EmbeddingMatrix Stream(IDataView view, string column, int count, int rowSize, IProgress<int>? progress, Func<float[], int, float[]> encode)
    {
        int batch = _options.BatchSize, d = Manifest.EmbeddingDimension;
        var result = new float[count * d];
        var buffer = new float[batch * rowSize];
        using var cursor = view.GetRowCursor([view.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[column]);
        VBuffer<float> row = default;
        int done = 0, inBatch = 0;
        while (cursor.MoveNext())
        {
            getter(ref row);
            row.GetValues().CopyTo(buffer.AsSpan(inBatch * rowSize, rowSize));
            if (++inBatch == batch) Flush();
        }
        if (inBatch > 0) Flush();
        return new EmbeddingMatrix(result, count, d);

        void Flush()
        {
            encode(inBatch == batch ? buffer : buffer[..(inBatch * rowSize)], inBatch).CopyTo(result, done * d);
            done += inBatch;
            inBatch = 0;
            progress?.Report(done);
        }
    }

    static float[] Run(InferenceSession session, IReadOnlyCollection<NamedOnnxValue> inputs)
    {
        using var results = session.Run(inputs);
        return results.Single().AsTensor<float>().ToArray();
    }

    /// <summary>Releases both sessions.</summary>
    public void Dispose()
    {
        _image.Dispose();
        _text.Dispose();
    }
}
