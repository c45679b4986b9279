namespace PriorClip.MLNet.Tests.Modeling;

/// <summary>
/// All modeling tests share LibTorch's global RNG (module initialisation, dropout), so they run sequentially
/// with respect to each other to stay deterministic.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ModelingTestCollection
{
    /// <summary>Collection name.</summary>
    public const string Name = "Modeling (shared torch RNG)";
}
