namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// One row of the ranking view made by <see cref="RetrievalCatalog"/>'s <c>ToRankingData</c>:
/// a (query, candidate) pair. Read it back with <c>mlContext.Data.CreateEnumerable&lt;RetrievalRankingRow&gt;</c>.
/// </summary>
public sealed class RetrievalRankingRow
{
    /// <summary>The query's group: a key whose raw value is query index + 1 (0 is ML.NET's missing key); rows of a group are contiguous.</summary>
    public uint GroupId { get; set; }

    /// <summary>Relevance: 1 when the candidate belongs to the query (its image / one of its captions), else 0.</summary>
    public float Label { get; set; }

    /// <summary>
    /// The evaluation score: <c>−Rank</c>. ML.NET's ranking evaluator orders equal scores by
    /// ascending label (irrelevant first), which would contradict the protocol's lower-index rule on
    /// ties; a score derived from the protocol rank makes it see exactly the protocol order.
    /// </summary>
    public float Score { get; set; }

    /// <summary>The cosine similarity (dot product of the evaluated embeddings) of query and candidate.</summary>
    public float Similarity { get; set; }

    /// <summary>1-based position of the candidate in the query's protocol order.</summary>
    public int Rank { get; set; }

    /// <summary>Index of the query (image index for image → text, caption index for text → image).</summary>
    public int QueryIndex { get; set; }

    /// <summary>Index of the candidate (caption index for image → text, image index for text → image).</summary>
    public int CandidateIndex { get; set; }
}
