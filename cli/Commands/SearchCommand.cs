using System.CommandLine;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search;
using PriorClip.MLNet.Transforms;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip search</c>: a caption against the images of an encoded archive, or an image
/// against its captions, ranked by cosine similarity (ties: lower index first, as in evaluation).
/// </summary>
internal static class SearchCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model .zip that encoded the archive.", Required = true };
        var index = new Option<string>("--index") { Description = "Folder written by 'encode' (images.npy + image_ids.txt, texts.npy + captions.txt); where 'index build' added images.usearch / texts.usearch, those are searched.", Required = true };
        var query = new Option<string?>("--query", "-q") { Description = "A caption: find the images it describes." };
        var image = new Option<string?>("--image") { Description = "An image file: find the captions that describe it." };
        var top = new Option<int>("--top", "-k") { Description = "How many results.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var exact = new Option<bool>("--exact") { Description = "Scan every row even where 'index build' wrote an HNSW index (the reference the index is measured against)." };
        var command = new Command("search", "Search an encoded archive with a caption (→ images) or an image (→ captions).\n\n" +
                                            "Examples:\n  priorclip search -m out/demo/priorclip-tiny.zip --index out/demo/encoded -q \"three white planes next to the runway\"\n" +
                                            "  priorclip search -m out/demo/priorclip-tiny.zip --index out/demo/encoded --image photo.png --top 3 --json")
        { model, index, query, image, top, json, exact };
        top.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--top must be at least 1"); });
        command.Validators.Add(r =>
        {
            if ((r.GetValue(query) is null) == (r.GetValue(image) is null)) r.AddError("give exactly one of --query and --image");
        });
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            string folder = r.GetValue(index)!;
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--index: folder '{folder}' does not exist");
            var ml = new MLContext(seed: 0).RegisterPriorClip();
            var parts = RetrievalModelParts.From(PriorClipModelFile.Load(ml, EvalCommand.RequireFile(r.GetValue(model)!, "--model"), out _));
            float[] vector;
            EmbeddingMatrix candidates;
            string[] names;
            string side;
            if (r.GetValue(query) is { } text)
            {
                if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("--query is empty");
                vector = Embed(parts.TextSide.Transform(ml.Data.LoadFromEnumerable([new CaptionTextRow { Caption = text }])), "TextEmbedding");
                candidates = NpyFile.ReadEmbeddingMatrix(EvalCommand.RequireFile(Path.Combine(folder, "images.npy"), "--index"));
                names = ReadNames(Path.Combine(folder, "image_ids.txt"), candidates.Rows);
                side = "images";
            }
            else
            {
                string path = Path.GetFullPath(EvalCommand.RequireFile(r.GetValue(image)!, "--image"));
                vector = Embed(parts.ImageSide.Transform(ml.Data.LoadFromEnumerable([new ImagePathRow { ImagePath = path }])), "ImageEmbedding");
                candidates = NpyFile.ReadEmbeddingMatrix(EvalCommand.RequireFile(Path.Combine(folder, "texts.npy"), "--index"));
                names = ReadNames(Path.Combine(folder, "captions.txt"), candidates.Rows);
                side = "texts";
            }
            if (candidates.Dimension != vector.Length)
                throw new InvalidDataException($"--index: embeddings in '{folder}' have {candidates.Dimension} dimensions, the model makes {vector.Length}; encode the archive with this model");
            string indexFile = IndexCommand.IndexPath(folder, side);
            IReadOnlyList<SearchHit> results;
            if (!r.GetValue(exact) && File.Exists(indexFile))
            {
                // The graph proposes candidates; the .npy rows re-rank them with the evaluator's scores.
                using var hnsw = EmbeddingIndex.Open(indexFile, memoryMapped: true);
                if (hnsw.Count != candidates.Rows)
                    throw new InvalidDataException($"--index: '{indexFile}' holds {hnsw.Count} vectors but {side}.npy has {candidates.Rows} rows; run 'priorclip index build --index {folder}' again (or --add)");
                results = hnsw.Search(vector, r.GetValue(top), candidates);
            }
            else
                results = EmbeddingSearch.TopK(vector, candidates, r.GetValue(top));
            if (r.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(results.Select((x, i) => new { rank = i + 1, index = x.Index, name = names[x.Index], score = x.Score }),
                    new JsonSerializerOptions { WriteIndented = true }));
            else
                for (int i = 0; i < results.Count; i++)
                    Console.WriteLine($"{i + 1,3}  {results[i].Score,8:F4}  {names[results[i].Index]}");
            return 0;
        }));
        return command;
    }

    static float[] Embed(IDataView view, string column) => view.GetColumn<float[]>(column).Single();

    static string[] ReadNames(string path, int rows)
    {
        var names = File.ReadAllLines(EvalCommand.RequireFile(path, "--index"));
        if (names.Length != rows) throw new InvalidDataException($"{path} has {names.Length} lines but its .npy has {rows} rows");
        return names;
    }
}
