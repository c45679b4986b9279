namespace PriorClip.MLNet.Search;

/// <summary>Settings of an <see cref="EmbeddingIndex"/>'s HNSW graph (hierarchical navigable small world).</summary>
public sealed record EmbeddingIndexOptions
{
    /// <summary>How vectors are stored in the index. Default <see cref="IndexStorage.Float32"/>.</summary>
    public IndexStorage Storage { get; init; } = IndexStorage.Float32;

    /// <summary>Graph edges per node (HNSW's M): more gives higher recall and a bigger index. Default 16.</summary>
    public int Connectivity { get; init; } = 16;

    /// <summary>Candidates explored while inserting (efConstruction): more gives a better graph and slower builds. Default 128.</summary>
    public int ExpansionAdd { get; init; } = 128;

    /// <summary>
    /// Candidates explored per query (ef): more gives higher recall and slower queries. Default 64. Applies to the index
    /// <see cref="EmbeddingIndex.Build"/> returns; an index opened from a file searches with USearch's default, also 64
    /// (USearch's C# binding 2.26.6 has no setter for it). Re-ranking asks for 4 × k candidates, which widens the search too.
    /// </summary>
    public int ExpansionSearch { get; init; } = 64;

    internal void Validate()
    {
        if (Connectivity < 2) throw new ArgumentException($"Connectivity must be at least 2; got {Connectivity}.");
        if (ExpansionAdd < 1) throw new ArgumentException($"ExpansionAdd must be at least 1; got {ExpansionAdd}.");
        if (ExpansionSearch < 1) throw new ArgumentException($"ExpansionSearch must be at least 1; got {ExpansionSearch}.");
        if (!Enum.IsDefined(Storage)) throw new ArgumentException($"Storage {(int)Storage} is not an IndexStorage value.");
    }
}
