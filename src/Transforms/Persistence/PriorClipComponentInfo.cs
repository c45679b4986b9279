namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// What ML.NET and our loader need to know about one persistable transformer kind.
/// </summary>
/// <param name="Kind">Our component kind, written in our header and used to dispatch on load.</param>
/// <param name="ModelSignature">ML.NET's 8-character ASCII model signature for the kind.</param>
/// <param name="LoaderSignature">ML.NET's loader name (at most 24 characters), looked up in the component catalog at load.</param>
/// <param name="InstanceType">The transformer type the loader returns.</param>
/// <param name="ComponentVersion">Version of the kind's config/blob layout; bump it when that layout changes.</param>
/// <param name="Load">Rebuilds the transformer from what <c>SaveCore</c> wrote.</param>
internal sealed record PriorClipComponentInfo(
    string Kind,
    string ModelSignature,
    string LoaderSignature,
    Type InstanceType,
    int ComponentVersion,
    Func<PriorClipModelReader, PriorClipTransformerBase> Load)
{
    /// <summary>Checks the limits ML.NET's header puts on the signatures, once, at registration.</summary>
    internal void Validate()
    {
        if (ModelSignature.Length != 8 || ModelSignature.Any(c => c > 127))
            throw new InvalidOperationException($"Model signature '{ModelSignature}' of {Kind} must be 8 ASCII characters (ML.NET header limit).");
        if (LoaderSignature.Length is 0 or > 24)
            throw new InvalidOperationException($"Loader signature '{LoaderSignature}' of {Kind} must be 1..24 characters (ML.NET header limit).");
    }
}
