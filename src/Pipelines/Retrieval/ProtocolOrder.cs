namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// The protocol's total order of candidates for one query (docs/method.md §9): higher score first,
/// and among equal scores the lower candidate index first.
/// </summary>
internal static class ProtocolOrder
{
    /// <summary>True when candidate (<paramref name="score"/>, <paramref name="index"/>) ranks ahead of the other.</summary>
    public static bool RanksAhead(float score, int index, float otherScore, int otherIndex) =>
        score > otherScore || (score == otherScore && index < otherIndex);
}
