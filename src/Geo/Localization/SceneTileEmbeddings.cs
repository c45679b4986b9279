using PriorClip.MLNet.Geo.Scenes;
using PriorClip.MLNet.Geo.Tiling;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Geo.Localization;

/// <summary>A scene's tiles and their image embeddings (one unit row per tile, in tile order), ready for any number of queries.</summary>
/// <param name="Scene">The scene.</param>
/// <param name="Tiles">Its tiles, row-major over the grid.</param>
/// <param name="GridRows">Rows of the tile grid.</param>
/// <param name="GridColumns">Columns of the tile grid.</param>
/// <param name="Embeddings">One row per tile.</param>
public sealed record SceneTileEmbeddings(SceneRaster Scene, IReadOnlyList<SceneTile> Tiles, int GridRows, int GridColumns, EmbeddingMatrix Embeddings);
