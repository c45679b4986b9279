using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Serving.Onnx;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip encode</c>: images and/or captions → embeddings as .npy plus id lists, streaming
/// through the model's batched encoder (TorchSharp) or an ONNX export's (ONNX Runtime, CPU or CUDA).
/// </summary>
internal static class EncodeCommand
{
    static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"];

    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model .zip written by 'train' or 'demo' (with --backend onnx: a folder written by 'export --onnx').", Required = true };
        var backend = new Option<string>("--backend") { Description = "torch: the model .zip through TorchSharp; onnx: an ONNX export through ONNX Runtime.", DefaultValueFactory = _ => "torch" };
        backend.AcceptOnlyFromAmong("torch", "onnx");
        var device = new Option<string>("--device") { Description = "With --backend onnx: cpu, or cuda[:N] (needs the GPU build, CUDA 13, cuDNN 9).", DefaultValueFactory = _ => "cpu" };
        var fallback = new Option<bool>("--fallback-to-cpu") { Description = "With --device cuda: run on the CPU when CUDA cannot be used instead of failing." };
        var dataset = new Option<string?>("--dataset", "-d") { Description = "Encode one split of a dataset file: images, captions and the caption→image mapping." };
        var split = new Option<string>("--split") { Description = "Split of --dataset.", DefaultValueFactory = _ => DatasetSplits.Test };
        var images = new Option<string?>("--images") { Description = "Folder holding the dataset's image files." };
        var folder = new Option<string?>("--image-folder") { Description = "Encode every image file (png, jpg, tif, bmp) in this folder." };
        var captions = new Option<string?>("--captions") { Description = "Encode the captions of this text file, one per line." };
        var chunk = new Option<int>("--chunk-rows") { Description = "Rows encoded and saved at a time: a killed run resumes after the last saved chunk when run again with the same inputs and model.", DefaultValueFactory = _ => 1024 };
        chunk.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--chunk-rows must be at least 1"); });
        var strict = new Option<bool>("--strict-images") { Description = "Stop with an error at the first run that finds unusable image files (empty, unreadable, truncated, too large) instead of skipping them." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for images.npy, image_ids.txt, texts.npy, captions.txt, caption_image.npy (and image_classes.txt from a dataset).", DefaultValueFactory = _ => "out/encoded" };
        var command = new Command("encode", "Encode images and/or captions into embeddings (.npy float32, one row each, L2-normalised) with id lists.\n\n" +
                                            "Examples:\n  priorclip encode -m out/demo/priorclip-tiny.zip -d out/demo/synthetic/dataset_synthetic.json --split test -o out/demo/encoded\n" +
                                            "  priorclip encode -m model.zip --image-folder archive/ -o archive-index\n" +
                                            "  priorclip encode --backend onnx -m out/demo/onnx --captions queries.txt -o out/queries")
        { model, backend, device, fallback, dataset, split, images, folder, captions, strict, chunk, output };
        command.Validators.Add(r =>
        {
            int sources = new[] { r.GetValue(dataset), r.GetValue(folder), r.GetValue(captions) }.Count(v => v is not null);
            if (sources != 1) r.AddError("give exactly one of --dataset, --image-folder and --captions");
        });
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            using var encoder = Encoder.Open(ml, r.GetValue(model)!, r.GetValue(backend)!, r.GetValue(device)!, r.GetValue(fallback));
            string outFolder = r.GetValue(output)!;
            if (r.GetValue(dataset) is { } datasetPath)
            {
                var data = CaptionDatasetReader.Read(datasetPath, new DatasetReadOptions { ImageFolder = r.GetValue(images) });
                string name = DatasetSplits.Normalize(r.GetValue(split)!);
                var splitImages = data.Images.Where(i => i.Split == name).ToList();
                if (splitImages.Count == 0) throw new ArgumentException($"{data.SourcePath} has no '{name}' split (it has {string.Join(", ", data.Report.Splits.Keys)})");
                splitImages = ImageScreening.Keep(splitImages, i => i.ImagePath, r.GetValue(strict), outFolder);
                EncodeImages(encoder, splitImages.Select(i => (i.ImageId, i.ImagePath)).ToList(), outFolder, r.GetValue(chunk));
                var rows = splitImages.SelectMany((image, index) => image.Captions.Select(c => (Caption: c, Image: index))).ToList();
                EncodeCaptions(encoder, rows.Select(c => c.Caption).ToList(), outFolder, r.GetValue(chunk));
                NpyFile.WriteInt64Vector(Path.Combine(outFolder, "caption_image.npy"), rows.Select(c => c.Image).ToList());
                // The scene class of each image row, for 'search --class'.
                if (splitImages.Any(i => i.SceneClass.Length > 0))
                    AtomicFile.WriteAllText(Path.Combine(outFolder, SearchFilters.ImageClassesFile), string.Join('\n', splitImages.Select(i => i.SceneClass)) + "\n");
            }
            else if (r.GetValue(folder) is { } imageFolder)
            {
                if (!Directory.Exists(imageFolder)) throw new DirectoryNotFoundException($"--image-folder: folder '{imageFolder}' does not exist");
                var files = Directory.GetFiles(imageFolder).Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0) throw new ArgumentException($"--image-folder: no image files ({string.Join(", ", ImageExtensions)}) in '{imageFolder}'");
                files = ImageScreening.Keep(files, f => f, r.GetValue(strict), outFolder);
                EncodeImages(encoder, files.Select(f => (Path.GetFileName(f), Path.GetFullPath(f))).ToList(), outFolder, r.GetValue(chunk));
            }
            else
            {
                string path = EvalCommand.RequireFile(r.GetValue(captions)!, "--captions");
                var lines = File.ReadAllLines(path).Select((text, line) => (text, line)).ToList();
                if (lines.Count == 0) throw new ArgumentException($"{path} has no captions (the file is empty)");
                var empty = lines.FirstOrDefault(l => string.IsNullOrWhiteSpace(l.text));
                if (empty.text is not null) throw new ArgumentException($"{path}: line {empty.line + 1} is empty");
                EncodeCaptions(encoder, lines.Select(l => l.text).ToList(), outFolder, r.GetValue(chunk));
            }
            Console.WriteLine($"Embeddings: {Path.GetFullPath(outFolder)}");
            return 0;
        }));
        return command;
    }

    static void EncodeImages(Encoder encoder, IReadOnlyList<(string Id, string Path)> images, string folder, int chunkRows)
    {
        var paths = images.Select(i => i.Path).ToList();
        var matrix = ResumableEncoding.Encode(folder, "images", paths, encoder.Identity, chunkRows,
            (start, count) => encoder.Images(paths.GetRange(start, count)), Console.WriteLine);
        AtomicFile.WriteAllText(Path.Combine(folder, "image_ids.txt"), string.Join('\n', images.Select(i => i.Id)) + "\n");
        Console.WriteLine($"Encoded {matrix.Rows} images → images.npy [{matrix.Rows} × {matrix.Dimension}], image_ids.txt");
    }

    static void EncodeCaptions(Encoder encoder, IReadOnlyList<string> captions, string folder, int chunkRows)
    {
        var list = captions.ToList();
        var matrix = ResumableEncoding.Encode(folder, "texts", list, encoder.Identity, chunkRows,
            (start, count) => encoder.Captions(list.GetRange(start, count)), Console.WriteLine);
        AtomicFile.WriteAllText(Path.Combine(folder, "captions.txt"), string.Join('\n', captions) + "\n");
        Console.WriteLine($"Encoded {matrix.Rows} captions → texts.npy [{matrix.Rows} × {matrix.Dimension}], captions.txt");
    }

    /// <summary>The chosen backend behind one interface: the model .zip's ML.NET pipeline, or an ONNX export's sessions.</summary>
    sealed class Encoder(MLContext ml, RetrievalModelParts? parts, OnnxBatchEncoder? onnx) : IDisposable
    {
        /// <summary>What a resumed run must share with the first: the backend and the model file (path, size, time).</summary>
        public string Identity { get; private init; } = "";

        static string Describe(string backend, string model)
        {
            var file = new FileInfo(File.Exists(model) ? model : Path.Combine(model, PriorClip.MLNet.Export.Onnx.PriorClipOnnxExporter.ImageEncoderFileName));
            return $"{backend}|{Path.GetFullPath(model)}|{(file.Exists ? file.Length : 0)}|{(file.Exists ? file.LastWriteTimeUtc.Ticks : 0)}";
        }

        public static Encoder Open(MLContext ml, string model, string backend, string device, bool fallbackToCpu)
        {
            if (backend == "torch")
            {
                if (device != "cpu") throw new ArgumentException("--device applies to --backend onnx only (the TorchSharp backend follows the model's device)");
                return new Encoder(ml, RetrievalModelParts.From(PriorClipModelFile.Load(ml, EvalCommand.RequireFile(model, "--model"), out _)), null) { Identity = Describe(backend, model) };
            }
            var options = new OnnxExecutionOptions { FallbackToCpu = fallbackToCpu };
            if (device.StartsWith("cuda", StringComparison.Ordinal))
            {
                options.Device = OnnxDevice.Cuda;
                if (device.Length > 4 && (device[4] != ':' || !int.TryParse(device[5..], out int id) || id < 0))
                    throw new ArgumentException($"--device: '{device}' is not cpu, cuda or cuda:N");
                options.DeviceId = device.Length > 5 ? int.Parse(device[5..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            }
            else if (device != "cpu") throw new ArgumentException($"--device: '{device}' is not cpu, cuda or cuda:N");
            if (File.Exists(model) && Path.GetExtension(model) == ".zip")
                throw new ArgumentException($"--model: with --backend onnx give the folder written by 'priorclip export -m {model} --onnx DIR', not the model .zip");
            var onnx = OnnxBatchEncoder.Open(model, options);
            Console.WriteLine($"ONNX Runtime on {onnx.ExecutionProvider}");
            return new Encoder(ml, null, onnx) { Identity = Describe(backend, model) };
        }

        public EmbeddingMatrix Images(IReadOnlyList<string> paths)
        {
            if (onnx is not null) return WithProgress("images", paths.Count, p => onnx.EncodeImageFiles(paths, p));
            var view = parts!.ImageSide.Transform(ml.Data.LoadFromEnumerable(paths.Select(p => new ImagePathRow { ImagePath = p })));
            return Collect(view, "ImageEmbedding", paths.Count, "images");
        }

        public EmbeddingMatrix Captions(IReadOnlyList<string> captions)
        {
            if (onnx is not null) return WithProgress("captions", captions.Count, p => onnx.EncodeCaptions(captions, p));
            var view = parts!.TextSide.Transform(ml.Data.LoadFromEnumerable(captions.Select(c => new CaptionTextRow { Caption = c })));
            return Collect(view, "TextEmbedding", captions.Count, "captions");
        }

        static EmbeddingMatrix WithProgress(string unit, int count, Func<IProgress<int>, EmbeddingMatrix> encode)
        {
            var progress = new ConsoleLineProgress(unit, count);
            var matrix = encode(progress);
            progress.Done();
            return matrix;
        }

        public void Dispose() => onnx?.Dispose();
    }

    /// <summary>Reads an embedding column row by row (the encoder works in batches behind the cursor).</summary>
    static EmbeddingMatrix Collect(IDataView view, string column, int count, string unit)
    {
        var progress = new ConsoleLineProgress(unit, count);
        var rows = new List<float[]>(count);
        using var cursor = view.GetRowCursor([view.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[column]);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(buffer.DenseValues().ToArray());
            if (rows.Count % 256 == 0 || rows.Count == count) progress.Report(rows.Count);
        }
        progress.Done();
        return EmbeddingMatrix.FromRows(rows);
    }
}
