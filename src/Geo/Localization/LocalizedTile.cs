using PriorClip.MLNet.Geo.Tiling;

namespace PriorClip.MLNet.Geo.Localization;

/// <summary>A tile with its similarity to the query and, for a georeferenced scene, its footprint.</summary>
/// <param name="Tile">The tile.</param>
/// <param name="Score">Cosine similarity of the tile's embedding and the query's.</param>
/// <param name="Rank">1 = the best tile.</param>
/// <param name="MapCorners">Footprint corners in the file's CRS (top-left, top-right, bottom-right, bottom-left), or null.</param>
/// <param name="Wgs84Corners">The same corners as (longitude, latitude) in WGS 84, or null when the CRS cannot be converted.</param>
public sealed record LocalizedTile(SceneTile Tile, float Score, int Rank, (double X, double Y)[]? MapCorners, (double Longitude, double Latitude)[]? Wgs84Corners);
