using PriorClip.MLNet.Geo.Localization;
using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.IO;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Search.Metadata;

namespace PriorClip.MLNet.Geo.Archive;

/// <summary>
/// Encodes every tile of one or more scenes into a searchable archive folder, laid out as <c>priorclip encode</c> lays
/// out images: <c>images.npy</c> (one unit row per tile), <c>image_ids.txt</c> (<c>scene#row,column</c>) and
/// <c>image_metadata.jsonl</c> with each tile's scene, pixel box, WGS 84 bounding box and date, so <c>search</c> can
/// answer a caption with the best tiles of a whole region and filter them by area and date.
/// </summary>
public static class SceneArchiveWriter
{
    /// <summary>One scene to add, with the date it was taken when known.</summary>
    /// <param name="Path">The scene file.</param>
    /// <param name="Date">Acquisition date, or null.</param>
    public sealed record SceneInput(string Path, DateTime? Date);

    /// <summary>Encodes the scenes' tiles and writes the archive; returns its rows' metadata.</summary>
    public static IReadOnlyList<ArchiveItem> Write(SceneLocalizer localizer, IReadOnlyList<SceneInput> scenes, SceneReadOptions readOptions,
        int tileSize, int overlap, string folder, IProgress<(string Scene, int Tiles)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var items = new List<ArchiveItem>();
        var rows = new List<float[]>();
        foreach (var input in scenes)
        {
            var scene = SceneReader.Read(input.Path, readOptions);
            var tiles = localizer.EncodeTiles(scene, tileSize, overlap);
            string name = System.IO.Path.GetFileNameWithoutExtension(input.Path);
            for (int i = 0; i < tiles.Tiles.Count; i++)
            {
                var t = tiles.Tiles[i];
                rows.Add(tiles.Embeddings.Row(i).ToArray());
                items.Add(new ArchiveItem
                {
                    Id = $"{name}#{t.Row},{t.Column}",
                    Path = System.IO.Path.GetFullPath(input.Path),
                    Tile = [t.X, t.Y, t.Width, t.Height],
                    Bbox = Bbox(scene.Geo, t),
                    Date = input.Date,
                });
            }
            progress?.Report((input.Path, tiles.Tiles.Count));
        }
        if (items.Select(i => i.Id).Distinct().Count() != items.Count)
            throw new ArgumentException("two scenes share a file name, so their tile ids would collide; rename one");
        Directory.CreateDirectory(folder);
        NpyFile.WriteEmbeddingMatrix(System.IO.Path.Combine(folder, "images.npy"), EmbeddingMatrix.FromRows(rows));
        AtomicFile.WriteAllText(System.IO.Path.Combine(folder, "image_ids.txt"), string.Join('\n', items.Select(i => i.Id)) + "\n");
        ArchiveMetadataFile.Write(System.IO.Path.Combine(folder, ArchiveMetadataFile.FileName), items);
        return items;
    }

    static double[]? Bbox(GeoReference? geo, Tiling.SceneTile t)
    {
        if (geo is not { CanConvertToWgs84: true }) return null;
        var corners = new[] { geo.ToMap(t.X, t.Y), geo.ToMap(t.X + t.Width, t.Y), geo.ToMap(t.X + t.Width, t.Y + t.Height), geo.ToMap(t.X, t.Y + t.Height) }
            .Select(c => geo.ToWgs84(c.X, c.Y)).ToArray();
        return [corners.Min(c => c.Longitude), corners.Min(c => c.Latitude), corners.Max(c => c.Longitude), corners.Max(c => c.Latitude)];
    }
}
