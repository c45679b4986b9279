namespace PriorClip.MLNet.Tests;

/// <summary>
/// Tests that compare results of seeded training runs. LibTorch's random generator is global to
/// the process, so these run with no other test in parallel (another test drawing random numbers
/// mid-run would change initialisation or dropout and break the comparison).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "LibTorch global random generator";
}
