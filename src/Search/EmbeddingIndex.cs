using Cloud.Unum.USearch;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Search;

/// <summary>
/// A persistent approximate nearest-neighbour index over embeddings (an HNSW graph, USearch), for archives too large
/// to scan in full for every query. Row <c>i</c> of the indexed matrices is key <c>i</c>; rows added later continue
/// the numbering. Similarity is cosine, as in <see cref="EmbeddingSearch"/>, which stays the exact reference.
/// </summary>
/// <remarks>
/// <see cref="Search"/> with the original rows re-ranks the graph's candidates by exact cosine computed by the
/// evaluator's own code, so where the graph finds the true top candidates the results are
/// <see cref="EmbeddingSearch.TopK(ReadOnlySpan{float}, EmbeddingMatrix, int, IReadOnlyList{int})"/>'s, score for score. An index opened with <c>memoryMapped: true</c> is read from
/// the file on demand (larger than RAM is fine) and cannot be added to.
/// </remarks>
public sealed class EmbeddingIndex : IDisposable
{
    /// <summary>Candidates fetched per wanted result before exact re-ranking: room for the graph's misses and for
    /// quantised scores that order near-ties wrongly.</summary>
    public const int ReRankFactor = 4;

    /// <summary>With the rows for re-ranking, indexes of at most this many vectors are scanned exactly instead: at
    /// that size a scan costs about as many dot products as one graph search (ef 64 × connectivity 16 × a few
    /// layers), and it is exact where a graph over near-tied scores can miss neighbours.</summary>
    public const int ExactScanUpTo = 4096;

    readonly USearchIndex _index;
    readonly string _description;
    bool _disposed;

    EmbeddingIndex(USearchIndex index, string description, bool readOnly)
    {
        _index = index;
        _description = description;
        IsReadOnly = readOnly;
    }

    /// <summary>Length of the indexed vectors.</summary>
    public int Dimension => checked((int)_index.Dimensions());

    /// <summary>Number of indexed vectors.</summary>
    public int Count => checked((int)_index.Size());

    /// <summary>True for an index opened memory-mapped: it answers queries but takes no new vectors.</summary>
    public bool IsReadOnly { get; }

    /// <summary>Builds an index over the rows of <paramref name="vectors"/> (keys 0 … rows − 1).</summary>
    /// <exception cref="ArgumentException">A row is all zeros or not finite, or an option is out of range.</exception>
    public static EmbeddingIndex Build(EmbeddingMatrix vectors, EmbeddingIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        options ??= new EmbeddingIndexOptions();
        options.Validate();
        var index = new USearchIndex(MetricKind.Cos, ToScalarKind(options.Storage), (ulong)vectors.Dimension,
            (ulong)options.Connectivity, (ulong)options.ExpansionAdd, (ulong)options.ExpansionSearch, multi: false);
        var built = new EmbeddingIndex(index, "a new index", readOnly: false);
        try
        {
            built.Add(vectors);
            return built;
        }
        catch
        {
            built.Dispose();
            throw;
        }
    }

    /// <summary>Opens an index written by <see cref="Save"/>: loaded into memory, or memory-mapped read-only.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a USearch index (the message names it and gives USearch's reason).</exception>
    public static EmbeddingIndex Open(string path, bool memoryMapped = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"Index file '{full}' does not exist.", full);
        USearchIndex index;
        try
        {
            index = new USearchIndex(full, memoryMapped);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{full}' is not a readable USearch index ({ex.Message}); build it again with 'priorclip index build'.", ex);
        }
        if (index.Dimensions() == 0)
        {
            index.Dispose();
            throw new InvalidDataException($"'{full}' is not a readable USearch index (it declares 0 dimensions); build it again with 'priorclip index build'.");
        }
        return new EmbeddingIndex(index, $"index '{full}'", memoryMapped);
    }

    /// <summary>Adds the rows of <paramref name="vectors"/> with keys <see cref="Count"/> … <see cref="Count"/> + rows − 1.</summary>
    /// <exception cref="InvalidOperationException">The index was opened memory-mapped.</exception>
    /// <exception cref="ArgumentException">The dimension differs, or a row is all zeros or not finite.</exception>
    public void Add(EmbeddingMatrix vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly) throw new InvalidOperationException($"The {_description} is memory-mapped (read-only); open it with memoryMapped: false to add vectors.");
        if (vectors.Dimension != Dimension)
            throw new ArgumentException($"The vectors have {vectors.Dimension} dimensions but the {_description} holds {Dimension}; encode both with the same model.", nameof(vectors));
        int first = Count;
        var row = new float[vectors.Dimension];
        for (int i = 0; i < vectors.Rows; i++)
        {
            // The evaluator's normalisation, which also checks the row: the graph gets unit vectors, and a bad row
            // (NaN or infinity with its position, or all zeros) is named.
            ScoringMatrix.NormalizeInto(vectors.Row(i), row, i, RowName);
            _index.Add((ulong)(first + i), row);
        }
    }

    static string RowName(int row) => $"row {row}";

    /// <summary>
    /// The <paramref name="k"/> indexed vectors most similar to <paramref name="query"/>, best first. Without
    /// <paramref name="exactRows"/> the scores are the index's cosine (1 − its distance), in its storage's precision;
    /// with them (the matrix the index was built from), <see cref="ReRankFactor"/> × k candidates are re-scored
    /// exactly as <see cref="EmbeddingSearch.TopK(ReadOnlySpan{float}, EmbeddingMatrix, int, IReadOnlyList{int})"/> scores, equal scores by lower row
    /// (an index of up to <see cref="ExactScanUpTo"/> vectors is then scanned exactly).
    /// </summary>
    /// <exception cref="ArgumentException">The query's or the rows' dimension differs, or the rows are fewer than the index holds.</exception>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, EmbeddingMatrix? exactRows = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (query.Length != Dimension)
            throw new ArgumentException($"The query has {query.Length} dimensions but the {_description} holds {Dimension}; encode both with the same model.", nameof(query));
        if (exactRows is not null && (exactRows.Dimension != Dimension || exactRows.Rows < Count))
            throw new ArgumentException($"The rows for re-ranking are {exactRows.Rows} × {exactRows.Dimension}, but the {_description} holds {Count} × {Dimension}; pass the matrix it was built from.", nameof(exactRows));
        if (exactRows is not null && Count <= ExactScanUpTo)
            return EmbeddingSearch.TopK(query, exactRows, k, exactRows.Rows == Count ? null : Enumerable.Range(0, Count).ToArray());
        var normalized = new float[query.Length];
        ScoringMatrix.NormalizeInto(query, normalized, "the query");
        int wanted = Math.Min(Count, exactRows is null ? k : k * ReRankFactor);
        if (wanted == 0) return [];
        int found = _index.Search(normalized, wanted, out ulong[] keys, out float[] distances);
        if (exactRows is null)
        {
            var approximate = new SearchHit[Math.Min(found, k)];
            for (int i = 0; i < approximate.Length; i++) approximate[i] = new SearchHit(checked((int)keys[i]), 1f - distances[i]);
            return approximate;
        }
        var candidates = new int[found];
        for (int i = 0; i < found; i++) candidates[i] = checked((int)keys[i]);
        return EmbeddingSearch.TopK(query, exactRows, k, candidates);
    }

    /// <summary>Writes the index to <paramref name="path"/> under a temporary name and renames it into place, so a
    /// reader (or a kill) sees the old file or the complete new one.</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            _index.Save(temp);
            using (var file = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                file.Flush(flushToDisk: true);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Frees the native index (and unmaps its file).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _index.Dispose();
    }

    static ScalarKind ToScalarKind(IndexStorage storage) => storage switch
    {
        IndexStorage.Float32 => ScalarKind.Float32,
        IndexStorage.Float16 => ScalarKind.Float16,
        IndexStorage.Int8 => ScalarKind.Int8,
        _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, null),
    };
}
