using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Geo.Tiling;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Pipelines.Retrieval;
using PriorClip.MLNet.Transforms.Embedding;

namespace PriorClip.MLNet.Geo.Localization;

/// <summary>
/// Finds where a caption matches in a large scene (the semantic localization of RS5M / AIR-SLT): the scene is cut into
/// overlapping tiles, each tile is resized to the model's input and encoded like an image file (the pipeline's own
/// steps after pixel extraction: prior, normalisation, encoder), and a caption's embedding scores every tile.
/// </summary>
public sealed class SceneLocalizer
{
    readonly MLContext _ml = new(seed: 0);
    readonly RetrievalModelParts _parts;
    readonly ITransformer _fromPixels;
    readonly int _imageSize;

    /// <summary>Uses a fitted or loaded PriorCLIP pipeline (tokenizer + image steps + encoder).</summary>
    public SceneLocalizer(ITransformer model)
    {
        _parts = RetrievalModelParts.From(model);
        _imageSize = _parts.Encoder.ImageSize;
        // The tiles arrive as pixels: drop the steps that load, resize and extract files; keep what runs on pixels.
        _fromPixels = new TransformerChain<ITransformer>(RetrievalModelParts.Flatten(_parts.ImageSide)
            .Where(t => t is not (ImageLoadingTransformer or ImageResizingTransformer or ImagePixelExtractingTransformer)).ToArray());
    }

    sealed class PixelRow { public float[] Pixels { get; set; } = []; }

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    /// <summary>Cuts <paramref name="scene"/> into tiles and encodes them, streaming (one batch of tile pixels in memory at a time).</summary>
    /// <param name="scene">The scene.</param>
    /// <param name="tileSize">Tile side in scene pixels.</param>
    /// <param name="overlap">Pixels shared by neighbouring tiles.</param>
    /// <param name="progress">Receives the number of tiles encoded.</param>
    public SceneTileEmbeddings EncodeTiles(SceneRaster scene, int tileSize, int overlap, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var tiles = SceneTiler.Tiles(scene.Width, scene.Height, tileSize, overlap);
        var (rows, columns) = SceneTiler.GridSize(scene.Width, scene.Height, tileSize, overlap);
        var definition = SchemaDefinition.Create(typeof(PixelRow));
        definition[nameof(PixelRow.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3 * _imageSize * _imageSize);
        var pixels = _ml.Data.LoadFromEnumerable(tiles.Select(t => new PixelRow { Pixels = scene.Pixels(t.X, t.Y, t.Width, t.Height, _imageSize) }), definition);
        var view = _fromPixels.Transform(pixels);
        var column = view.Schema[_parts.Encoder.Options.ImageEmbeddingColumnName];
        var embeddings = new List<float[]>(tiles.Count);
        using (var cursor = view.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> row = default;
            while (cursor.MoveNext())
            {
                getter(ref row);
                embeddings.Add(row.DenseValues().ToArray());
                if (embeddings.Count % 64 == 0 || embeddings.Count == tiles.Count) progress?.Report(embeddings.Count);
            }
        }
        return new SceneTileEmbeddings(scene, tiles, rows, columns, EmbeddingMatrix.FromRows(embeddings));
    }

    /// <summary>Scores every tile against <paramref name="query"/> and ranks them; georeferenced tiles get their footprints.</summary>
    public LocalizationResult Localize(SceneTileEmbeddings tiles, string query)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var text = _parts.TextSide.Transform(_ml.Data.LoadFromEnumerable(new[] { new CaptionRow { Caption = query } }))
            .GetColumn<float[]>(_parts.Encoder.Options.TextEmbeddingColumnName).Single();
        var grid = new float[tiles.Tiles.Count];
        for (int i = 0; i < grid.Length; i++)
        {
            var row = tiles.Embeddings.Row(i);
            double dot = 0;
            for (int d = 0; d < row.Length; d++) dot += (double)row[d] * text[d];
            grid[i] = (float)dot;
        }
        var geo = tiles.Scene.Geo;
        bool wgs = geo?.CanConvertToWgs84 == true;
        var order = Enumerable.Range(0, grid.Length).OrderByDescending(i => grid[i]).ThenBy(i => i).ToArray();
        var ranked = order.Select((i, rank) =>
        {
            var t = tiles.Tiles[i];
            (double X, double Y)[]? map = geo is null ? null :
                [geo.ToMap(t.X, t.Y), geo.ToMap(t.X + t.Width, t.Y), geo.ToMap(t.X + t.Width, t.Y + t.Height), geo.ToMap(t.X, t.Y + t.Height)];
            var lonLat = wgs ? map!.Select(p => geo!.ToWgs84(p.X, p.Y)).ToArray() : null;
            return new LocalizedTile(t, grid[i], rank + 1, map, lonLat);
        }).ToList();
        return new LocalizationResult(query, tiles, grid, ranked);
    }
}
