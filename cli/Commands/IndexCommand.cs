using System.CommandLine;
using System.Diagnostics;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip index build</c>: an HNSW index (<c>images.usearch</c>, <c>texts.usearch</c>) next to the embeddings
/// that <c>encode</c> wrote, which <c>search</c> then uses instead of scanning every row.
/// </summary>
internal static class IndexCommand
{
    /// <summary>The index file <c>index build</c> writes for a side (<c>images</c> or <c>texts</c>) of an encoded folder.</summary>
    internal static string IndexPath(string folder, string side) => Path.Combine(folder, side + ".usearch");

    public static Command Create(Option<bool> verbose)
    {
        var index = new Option<string>("--index") { Description = "Folder written by 'encode'; the index files go next to its .npy files.", Required = true };
        var side = new Option<string>("--side") { Description = "Which embeddings to index: images, texts or both (those present).", DefaultValueFactory = _ => "both" };
        side.AcceptOnlyFromAmong("images", "texts", "both");
        var storage = new Option<string>("--storage") { Description = "Vector storage: f32, f16 (half the memory) or i8 (a quarter); search re-ranks exactly either way.", DefaultValueFactory = _ => "f32" };
        storage.AcceptOnlyFromAmong("f32", "f16", "i8");
        var connectivity = new Option<int>("--connectivity") { Description = "Graph edges per vector (HNSW's M).", DefaultValueFactory = _ => 16 };
        var expansionAdd = new Option<int>("--expansion-add") { Description = "Candidates explored per insertion (efConstruction).", DefaultValueFactory = _ => 128 };
        var add = new Option<bool>("--add") { Description = "Extend the existing index with the rows of the .npy it does not hold yet (after appending to the archive), instead of building anew." };
        var build = new Command("build", "Build an HNSW index over an encoded archive so that 'search' need not scan every row.\n\n" +
                                         "Examples:\n  priorclip index build --index out/demo/encoded\n" +
                                         "  priorclip index build --index archive-index --side images --storage f16")
        { index, side, storage, connectivity, expansionAdd, add };
        build.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            string folder = r.GetValue(index)!;
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--index: folder '{folder}' does not exist");
            var options = new EmbeddingIndexOptions
            {
                Storage = r.GetValue(storage) switch { "f16" => IndexStorage.Float16, "i8" => IndexStorage.Int8, _ => IndexStorage.Float32 },
                Connectivity = r.GetValue(connectivity),
                ExpansionAdd = r.GetValue(expansionAdd),
            };
            string[] sides = r.GetValue(side) == "both" ? ["images", "texts"] : [r.GetValue(side)!];
            int built = 0;
            foreach (string s in sides)
            {
                string npy = Path.Combine(folder, s + ".npy");
                if (!File.Exists(npy))
                {
                    if (r.GetValue(side) != "both") throw new FileNotFoundException($"--index: '{npy}' does not exist; encode the {s} first", npy);
                    continue;
                }
                var rows = NpyFile.ReadEmbeddingMatrix(npy);
                string target = IndexPath(folder, s);
                var clock = Stopwatch.StartNew();
                if (r.GetValue(add) && File.Exists(target))
                {
                    using var existing = EmbeddingIndex.Open(target);
                    if (existing.Count > rows.Rows)
                        throw new InvalidDataException($"'{target}' holds {existing.Count} vectors but '{npy}' has only {rows.Rows} rows; build it anew without --add");
                    int before = existing.Count;
                    existing.Add(new EmbeddingMatrix(rows.Values[(before * rows.Dimension)..].ToArray(), rows.Rows - before, rows.Dimension));
                    existing.Save(target);
                    Console.WriteLine($"Added {rows.Rows - before} {s} to {target} ({existing.Count} in all, {clock.Elapsed.TotalSeconds:F1} s).");
                }
                else
                {
                    using var created = EmbeddingIndex.Build(rows, options);
                    created.Save(target);
                    Console.WriteLine($"Indexed {rows.Rows} {s} ({rows.Dimension} dimensions, {r.GetValue(storage)}) into {target} in {clock.Elapsed.TotalSeconds:F1} s.");
                }
                built++;
            }
            if (built == 0) throw new FileNotFoundException($"--index: '{folder}' holds neither images.npy nor texts.npy; run 'priorclip encode' first");
            return 0;
        }));
        var exportIndex = new Option<string>("--index") { Description = "Folder written by 'encode' or 'tiles'.", Required = true };
        var parquet = new Option<string>("--parquet") { Description = "The Parquet file to write: one row per image with its id, metadata and embedding (list<float>).", Required = true };
        var export = new Command("export", "Write an encoded archive's images, metadata and embeddings to Parquet for DuckDB, Spark, LanceDB or BigQuery.\n\n" +
                                           "Example:\n  priorclip index export --index archive-encoded --parquet archive.parquet\n" +
                                           "  duckdb -c \"SELECT id, list_cosine_similarity(embedding, (SELECT embedding FROM 'archive.parquet' WHERE id = 'harbor_0007.png')) AS s FROM 'archive.parquet' ORDER BY s DESC LIMIT 5\"")
        { exportIndex, parquet };
        export.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            string folder = r.GetValue(exportIndex)!;
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--index: folder '{folder}' does not exist");
            int rows = PriorClip.MLNet.Search.Export.ParquetArchiveExport.Write(folder, r.GetValue(parquet)!);
            Console.WriteLine($"Wrote {rows} rows to {Path.GetFullPath(r.GetValue(parquet)!)}");
            return 0;
        }));
        var command = new Command("index", "Build and extend approximate nearest-neighbour indexes for 'search', or export an archive to Parquet.") { build, export };
        return command;
    }
}
