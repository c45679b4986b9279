using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Data;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip encode</c>: images and/or captions → embeddings as .npy plus id lists, streaming
/// through the model's batched encoder.
/// </summary>
internal static class EncodeCommand
{
    static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"];

    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model .zip written by 'train' or 'demo'.", Required = true };
        var dataset = new Option<string?>("--dataset", "-d") { Description = "Encode one split of a dataset file: images, captions and the caption→image mapping." };
        var split = new Option<string>("--split") { Description = "Split of --dataset.", DefaultValueFactory = _ => DatasetSplits.Test };
        var images = new Option<string?>("--images") { Description = "Folder holding the dataset's image files." };
        var folder = new Option<string?>("--image-folder") { Description = "Encode every image file (png, jpg, tif, bmp) in this folder." };
        var captions = new Option<string?>("--captions") { Description = "Encode the captions of this text file, one per line." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for images.npy, image_ids.txt, texts.npy, captions.txt, caption_image.npy (and image_classes.txt from a dataset).", DefaultValueFactory = _ => "out/encoded" };
        var command = new Command("encode", "Encode images and/or captions into embeddings (.npy float32, one row each, L2-normalised) with id lists.\n\n" +
                                            "Examples:\n  priorclip encode -m out/demo/priorclip-tiny.zip -d out/demo/synthetic/dataset_synthetic.json --split test -o out/demo/encoded\n" +
                                            "  priorclip encode -m model.zip --image-folder archive/ -o archive-index")
        { model, dataset, split, images, folder, captions, output };
        command.Validators.Add(r =>
        {
            int sources = new[] { r.GetValue(dataset), r.GetValue(folder), r.GetValue(captions) }.Count(v => v is not null);
            if (sources != 1) r.AddError("give exactly one of --dataset, --image-folder and --captions");
        });
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            var parts = RetrievalModelParts.From(PriorClipModelFile.Load(ml, EvalCommand.RequireFile(r.GetValue(model)!, "--model"), out _));
            string outFolder = r.GetValue(output)!;
            if (r.GetValue(dataset) is { } datasetPath)
            {
                var data = CaptionDatasetReader.Read(datasetPath, new DatasetReadOptions { ImageFolder = r.GetValue(images) });
                string name = DatasetSplits.Normalize(r.GetValue(split)!);
                var splitImages = data.Images.Where(i => i.Split == name).ToList();
                if (splitImages.Count == 0) throw new ArgumentException($"{data.SourcePath} has no '{name}' split (it has {string.Join(", ", data.Report.Splits.Keys)})");
                EncodeImages(ml, parts, splitImages.Select(i => (i.ImageId, i.ImagePath)).ToList(), outFolder);
                var rows = splitImages.SelectMany((image, index) => image.Captions.Select(c => (Caption: c, Image: index))).ToList();
                EncodeCaptions(ml, parts, rows.Select(c => c.Caption).ToList(), outFolder);
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
                EncodeImages(ml, parts, files.Select(f => (Path.GetFileName(f), Path.GetFullPath(f))).ToList(), outFolder);
            }
            else
            {
                string path = EvalCommand.RequireFile(r.GetValue(captions)!, "--captions");
                var lines = File.ReadAllLines(path).Select((text, line) => (text, line)).ToList();
                var empty = lines.FirstOrDefault(l => string.IsNullOrWhiteSpace(l.text));
                if (empty.text is not null) throw new ArgumentException($"{path}: line {empty.line + 1} is empty");
                EncodeCaptions(ml, parts, lines.Select(l => l.text).ToList(), outFolder);
            }
            Console.WriteLine($"Embeddings: {Path.GetFullPath(outFolder)}");
            return 0;
        }));
        return command;
    }

    static void EncodeImages(MLContext ml, RetrievalModelParts parts, IReadOnlyList<(string Id, string Path)> images, string folder)
    {
        var view = parts.ImageSide.Transform(ml.Data.LoadFromEnumerable(images.Select(i => new ImagePathRow { ImagePath = i.Path })));
        var matrix = Collect(view, "ImageEmbedding", images.Count, "images");
        NpyFile.WriteEmbeddingMatrix(Path.Combine(folder, "images.npy"), matrix);
        AtomicFile.WriteAllText(Path.Combine(folder, "image_ids.txt"), string.Join('\n', images.Select(i => i.Id)) + "\n");
        Console.WriteLine($"Encoded {matrix.Rows} images → images.npy [{matrix.Rows} × {matrix.Dimension}], image_ids.txt");
    }

    static void EncodeCaptions(MLContext ml, RetrievalModelParts parts, IReadOnlyList<string> captions, string folder)
    {
        var view = parts.TextSide.Transform(ml.Data.LoadFromEnumerable(captions.Select(c => new CaptionTextRow { Caption = c })));
        var matrix = Collect(view, "TextEmbedding", captions.Count, "captions");
        NpyFile.WriteEmbeddingMatrix(Path.Combine(folder, "texts.npy"), matrix);
        AtomicFile.WriteAllText(Path.Combine(folder, "captions.txt"), string.Join('\n', captions) + "\n");
        Console.WriteLine($"Encoded {matrix.Rows} captions → texts.npy [{matrix.Rows} × {matrix.Dimension}], captions.txt");
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
