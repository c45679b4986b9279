namespace PriorClip.MLNet.Search;

/// <summary>How an <see cref="EmbeddingIndex"/> stores its vectors: the trade between memory and score precision.</summary>
public enum IndexStorage
{
    /// <summary>32-bit floats: 4 bytes per dimension, scores as exact as the input.</summary>
    Float32,

    /// <summary>16-bit floats: half the memory; scores differ from exact ones in the third or fourth digit.</summary>
    Float16,

    /// <summary>8-bit integers: a quarter of the memory; coarser scores, so re-rank exactly (see <see cref="EmbeddingIndex.Search"/>).</summary>
    Int8,
}
