using System.Text.Json.Serialization;
using Parquet.Serialization;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search.Metadata;

namespace PriorClip.MLNet.Search.Export;

/// <summary>
/// An encoded archive's images as one Parquet file for the engines teams already run (DuckDB, Spark, LanceDB,
/// BigQuery): one row per image with <c>row</c>, <c>id</c>, the metadata the archive has (<c>path</c>, <c>class</c>,
/// <c>date</c>, the WGS 84 box <c>min_lon</c> … <c>max_lat</c>, the tile box) and <c>embedding</c>, a list of float32
/// (unit length, so a dot product or cosine in the engine ranks as <c>search</c> does).
/// </summary>
public static class ParquetArchiveExport
{
    /// <summary>One Parquet row.</summary>
    public sealed class Row
    {
        /// <summary>Row of images.npy.</summary>
        [JsonPropertyName("row")] public int RowIndex { get; set; }
        /// <summary>The image id (image_ids.txt).</summary>
        [JsonPropertyName("id")] public string Id { get; set; } = "";
        /// <summary>The file, when known.</summary>
        [JsonPropertyName("path")] public string? Path { get; set; }
        /// <summary>Scene class, when known.</summary>
        [JsonPropertyName("class")] public string? Class { get; set; }
        /// <summary>Acquisition date, when known.</summary>
        [JsonPropertyName("date")] public DateTime? Date { get; set; }
        /// <summary>WGS 84 footprint box, when known.</summary>
        [JsonPropertyName("min_lon")] public double? MinLon { get; set; }
        /// <summary>See <see cref="MinLon"/>.</summary>
        [JsonPropertyName("min_lat")] public double? MinLat { get; set; }
        /// <summary>See <see cref="MinLon"/>.</summary>
        [JsonPropertyName("max_lon")] public double? MaxLon { get; set; }
        /// <summary>See <see cref="MinLon"/>.</summary>
        [JsonPropertyName("max_lat")] public double? MaxLat { get; set; }
        /// <summary>Tile box in its scene (x, y, width, height), when a tile.</summary>
        [JsonPropertyName("tile")] public int[]? Tile { get; set; }
        /// <summary>The unit embedding.</summary>
        [JsonPropertyName("embedding")] public float[] Embedding { get; set; } = [];
    }

    /// <summary>
    /// Writes <paramref name="parquetPath"/> (atomically) from the archive folder <paramref name="folder"/> written by
    /// <c>encode</c> or <c>tiles</c>: images.npy and image_ids.txt, with image_classes.txt and image_metadata.jsonl where present.
    /// </summary>
    /// <returns>Rows written.</returns>
    public static int Write(string folder, string parquetPath)
    {
        string npy = System.IO.Path.Combine(folder, "images.npy"), idsFile = System.IO.Path.Combine(folder, "image_ids.txt");
        if (!File.Exists(npy)) throw new FileNotFoundException($"{npy}: no image embeddings; 'priorclip encode' or 'priorclip tiles' writes them", npy);
        var embeddings = NpyFile.ReadEmbeddingMatrix(npy);
        var ids = File.Exists(idsFile) ? File.ReadAllLines(idsFile) : throw new FileNotFoundException($"{idsFile}: the ids of the rows of images.npy are missing", idsFile);
        if (ids.Length != embeddings.Rows) throw new InvalidDataException($"{idsFile} has {ids.Length} lines but images.npy has {embeddings.Rows} rows; encode the archive again");
        string classesFile = System.IO.Path.Combine(folder, "image_classes.txt");
        var classes = File.Exists(classesFile) ? File.ReadAllLines(classesFile) : null;
        string metadataFile = System.IO.Path.Combine(folder, ArchiveMetadataFile.FileName);
        var metadata = File.Exists(metadataFile) ? ArchiveMetadataFile.Read(metadataFile) : null;
        if (classes is not null && classes.Length != ids.Length) throw new InvalidDataException($"{classesFile} has {classes.Length} lines for {ids.Length} images");
        if (metadata is not null && metadata.Count != ids.Length) throw new InvalidDataException($"{metadataFile} has {metadata.Count} rows for {ids.Length} images");

        var rows = Enumerable.Range(0, ids.Length).Select(i =>
        {
            var item = metadata?[i];
            return new Row
            {
                RowIndex = i, Id = ids[i], Path = item?.Path, Class = item?.Class ?? classes?[i], Date = item?.Date,
                MinLon = item?.Bbox?[0], MinLat = item?.Bbox?[1], MaxLon = item?.Bbox?[2], MaxLat = item?.Bbox?[3], Tile = item?.Tile,
                Embedding = embeddings.Row(i).ToArray(),
            };
        });
        AtomicFile.Write(parquetPath, stream => ParquetSerializer.SerializeAsync(rows, stream).GetAwaiter().GetResult());
        return ids.Length;
    }
}
