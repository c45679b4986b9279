namespace PriorClip.MLNet.Tests;

/// <summary>
/// Every test that runs LibTorch belongs here, and runs with no other test in parallel, for two reasons:
/// LibTorch's random generator is global to the process (a test drawing random numbers during another's
/// seeded run would change its initialisation or dropout), and TorchSharp frees the native Scalars it
/// creates implicitly from a finalizer, so a garbage collection started by another test's thread during
/// a native call can free a Scalar in use (see Modeling/Interop/NoFinalizerRace.cs). On one thread no
/// collection can start inside that window.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibTorchCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "LibTorch (global RNG, Scalar finalizers)";
}
