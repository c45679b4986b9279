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
/// <c>priorclip search</c>: captions against the images of an encoded archive, or images against its captions,
/// ranked by cosine similarity (ties: lower index first, as in evaluation) — one query, or a file of them.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(Option<bool> verbose)
    {
        var model = new Option<string?>("--model", "-m") { Description = "The model .zip that encoded the archive (not needed with --query-embeddings)." };
        var index = new Option<string>("--index") { Description = "Folder written by 'encode' (images.npy + image_ids.txt, texts.npy + captions.txt); where 'index build' added images.usearch / texts.usearch, those are searched.", Required = true };
        var query = new Option<string?>("--query", "-q") { Description = "A caption: find the images it describes." };
        var image = new Option<string?>("--image") { Description = "An image file: find the captions that describe it." };
        var queries = new Option<string?>("--queries") { Description = "A text file of captions, one per line: find the images each describes." };
        var queryEmbeddings = new Option<string?>("--query-embeddings") { Description = "A .npy of query embeddings (float32, one row each) made elsewhere; searched against --side." };
        var side = new Option<string>("--side") { Description = "With --query-embeddings: search the archive's images or its texts.", DefaultValueFactory = _ => "images" };
        side.AcceptOnlyFromAmong("images", "texts");
        var top = new Option<int>("--top", "-k") { Description = "How many results per query.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var exact = new Option<bool>("--exact") { Description = "Scan every row even where 'index build' wrote an HNSW index (the reference the index is measured against)." };
        var sceneClass = new Option<string?>("--class") { Description = "Only rank images of these scene classes (comma-separated), or the captions of such images; needs the image_classes.txt that 'encode --dataset' writes. Filtered searches scan the kept rows exactly." };
        var bbox = new Option<string?>("--bbox") { Description = "Only rank images whose footprint meets this box: min lon,min lat,max lon,max lat (WGS 84); needs the image_metadata.jsonl that 'tiles' writes." };
        var from = new Option<string?>("--from") { Description = "Only rank images taken on or after this date (yyyy-MM-dd or ISO 8601); needs image_metadata.jsonl." };
        var to = new Option<string?>("--to") { Description = "Only rank images taken on or before this date; needs image_metadata.jsonl." };
        var command = new Command("search", "Search an encoded archive with captions (→ images) or images (→ captions).\n\n" +
                                            "Examples:\n  priorclip search -m out/demo/priorclip-tiny.zip --index out/demo/encoded -q \"three white planes next to the runway\"\n" +
                                            "  priorclip search -m out/demo/priorclip-tiny.zip --index out/demo/encoded --image photo.png --top 3 --json\n" +
                                            "  priorclip search -m out/demo/priorclip-tiny.zip --index out/demo/encoded --queries questions.txt --top 10 --json\n" +
                                            "  priorclip search --index out/demo/encoded --query-embeddings mine.npy --side images\n" +
                                            "  priorclip search -m out/demo/priorclip-tiny.zip --index out/demo/encoded -q \"two storage tanks\" --class storagetanks,industrial\n" +
                                            "  priorclip search -m model.zip --index region-tiles -q \"boats beside the piers\" --bbox 13.70,45.10,13.80,45.20 --from 2024-05-01")
        { model, index, query, image, queries, queryEmbeddings, side, top, json, exact, sceneClass, bbox, from, to };
        top.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--top must be at least 1"); });
        command.Validators.Add(r =>
        {
            int given = new[] { r.GetValue(query), r.GetValue(image), r.GetValue(queries), r.GetValue(queryEmbeddings) }.Count(v => v is not null);
            if (given != 1) r.AddError("give exactly one of --query, --image, --queries and --query-embeddings");
            else if (r.GetValue(queryEmbeddings) is null && r.GetValue(model) is null) r.AddError("--model is needed to encode the query (only --query-embeddings does without)");
        });
        command.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            string folder = r.GetValue(index)!;
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--index: folder '{folder}' does not exist");
            var (vectors, labels, searched) = Queries(r, query, image, queries, queryEmbeddings, side, model);
            var candidates = NpyFile.ReadEmbeddingMatrix(EvalCommand.RequireFile(Path.Combine(folder, searched + ".npy"), "--index"));
            var names = ReadNames(Path.Combine(folder, searched == "images" ? "image_ids.txt" : "captions.txt"), candidates.Rows);
            if (candidates.Dimension != vectors.Dimension)
                throw new InvalidDataException($"--index: embeddings in '{folder}' have {candidates.Dimension} dimensions, the queries {vectors.Dimension}; encode the archive and the queries with the same model");
            var kept = SearchFilters.Intersect(SearchFilters.Rows(folder, searched, r.GetValue(sceneClass), candidates.Rows),
                SearchFilters.MetadataRows(folder, searched, r.GetValue(bbox), r.GetValue(from), r.GetValue(to), candidates.Rows));
            var results = kept is null
                ? Rank(vectors, candidates, folder, searched, r.GetValue(top), r.GetValue(exact))
                : EmbeddingSearch.TopK(vectors, candidates, r.GetValue(top), kept); // filtered: the kept rows, scanned exactly
            bool many = r.GetValue(queries) is not null || r.GetValue(queryEmbeddings) is not null;
            Print(results, labels, names, many, r.GetValue(json));
            return 0;
        }));
        return command;
    }

    // The query vectors, a label per query, and which side of the archive they search.
    static (EmbeddingMatrix Vectors, string[] Labels, string Searched) Queries(ParseResult r, Option<string?> query, Option<string?> image,
        Option<string?> queries, Option<string?> queryEmbeddings, Option<string> side, Option<string?> model)
    {
        if (r.GetValue(queryEmbeddings) is { } npy)
        {
            var vectors = NpyFile.ReadEmbeddingMatrix(EvalCommand.RequireFile(npy, "--query-embeddings"));
            return (vectors, Enumerable.Range(0, vectors.Rows).Select(i => $"row {i}").ToArray(), r.GetValue(side)!);
        }
        var ml = new MLContext(seed: 0).RegisterPriorClip();
        var parts = RetrievalModelParts.From(PriorClipModelFile.Load(ml, EvalCommand.RequireFile(r.GetValue(model)!, "--model"), out _));
        if (r.GetValue(image) is { } imagePath)
        {
            string path = Path.GetFullPath(EvalCommand.RequireFile(imagePath, "--image"));
            var vector = parts.ImageSide.Transform(ml.Data.LoadFromEnumerable([new ImagePathRow { ImagePath = path }])).GetColumn<float[]>("ImageEmbedding").Single();
            return (new EmbeddingMatrix(vector, 1, vector.Length), [path], "texts");
        }
        string[] captions;
        if (r.GetValue(query) is { } text)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("--query is empty");
            captions = [text];
        }
        else
        {
            string file = EvalCommand.RequireFile(r.GetValue(queries)!, "--queries");
            captions = File.ReadAllLines(file);
            int blank = Array.FindIndex(captions, string.IsNullOrWhiteSpace);
            if (blank >= 0) throw new InvalidDataException($"--queries: line {blank + 1} of '{file}' is empty; give one caption per line");
            if (captions.Length == 0) throw new InvalidDataException($"--queries: '{file}' holds no captions");
        }
        var rows = parts.TextSide.Transform(ml.Data.LoadFromEnumerable(captions.Select(c => new CaptionTextRow { Caption = c })))
            .GetColumn<float[]>("TextEmbedding").ToList();
        return (EmbeddingMatrix.FromRows(rows), captions, "images");
    }

    static IReadOnlyList<IReadOnlyList<SearchHit>> Rank(EmbeddingMatrix vectors, EmbeddingMatrix candidates, string folder, string searched, int top, bool exact)
    {
        string indexFile = IndexCommand.IndexPath(folder, searched);
        if (exact || !File.Exists(indexFile)) return EmbeddingSearch.TopK(vectors, candidates, top);
        // The graph proposes candidates; the .npy rows re-rank them with the evaluator's scores.
        using var hnsw = EmbeddingIndex.Open(indexFile, memoryMapped: true);
        if (hnsw.Count != candidates.Rows)
            throw new InvalidDataException($"--index: '{indexFile}' holds {hnsw.Count} vectors but {searched}.npy has {candidates.Rows} rows; run 'priorclip index build --index {folder}' again (or --add)");
        return Enumerable.Range(0, vectors.Rows).Select(q => hnsw.Search(vectors.Row(q), top, candidates)).ToList();
    }

    // One query prints its results as before (a flat table or JSON array); several print one block or object per query.
    static void Print(IReadOnlyList<IReadOnlyList<SearchHit>> results, string[] labels, string[] names, bool many, bool json)
    {
        object Hits(IReadOnlyList<SearchHit> hits) => hits.Select((x, i) => new { rank = i + 1, index = x.Index, name = names[x.Index], score = x.Score });
        var options = new JsonSerializerOptions { WriteIndented = true };
        if (json)
        {
            Console.WriteLine(many
                ? JsonSerializer.Serialize(results.Select((hits, q) => new { query = labels[q], results = Hits(hits) }), options)
                : JsonSerializer.Serialize(Hits(results[0]), options));
            return;
        }
        for (int q = 0; q < results.Count; q++)
        {
            if (many) Console.WriteLine($"{(q == 0 ? "" : "\n")}query {q + 1}: {labels[q]}");
            for (int i = 0; i < results[q].Count; i++)
                Console.WriteLine($"{i + 1,3}  {results[q][i].Score,8:F4}  {names[results[q][i].Index]}");
        }
    }

    static string[] ReadNames(string path, int rows)
    {
        var names = File.ReadAllLines(EvalCommand.RequireFile(path, "--index"));
        if (names.Length != rows) throw new InvalidDataException($"{path} has {names.Length} lines but its .npy has {rows} rows");
        return names;
    }
}
