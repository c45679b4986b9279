using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using PriorClip.MLNet.Transforms.Images;
using PriorClip.MLNet.Transforms.Persistence;
using PriorClip.MLNet.Transforms.Tokenization;

namespace PriorClip.MLNet.Transforms;

/// <summary>
/// Makes models that contain PriorClip transformers loadable with the standard
/// <see cref="ModelOperationsCatalog.Load(string, out DataViewSchema)"/>.
/// </summary>
/// <remarks>
/// Saving needs nothing: every PriorClip transformer writes itself (config, vocabularies, weights) into the
/// model .zip. Loading needs ML.NET's component catalog to know our loaders, which ML.NET only discovers
/// through an internal attribute; so call <see cref="RegisterPriorClip(MLContext)"/> once on the
/// <see cref="MLContext"/> used to load, before <c>mlContext.Model.Load</c>:
/// <code>
/// var mlContext = new MLContext();
/// mlContext.RegisterPriorClip();
/// ITransformer model = mlContext.Model.Load("priorclip.zip", out var inputSchema);
/// </code>
/// Without it ML.NET fails with its own <c>FormatException: Couldn't load model: 'TransformerChain'</c>
/// (it does not name the missing loader); nothing is loaded half-way.
/// </remarks>
public static class PriorClipTransformersRegistration
{
    // Every persistable PriorClip transformer kind. A new transformer adds its PriorClipComponentInfo here.
    private static readonly PriorClipComponentInfo[] Components =
    [
        PriorClipTokenizingTransformer.Registration,
        ClipPixelNormalizingTransformer.Registration,
        Embedding.PriorClipEncodeTransformer.Registration,
        ZeroShot.PriorClipZeroShotTransformer.Registration,
    ];

    private static readonly ConditionalWeakTable<ComponentCatalog, object> Registered = new();
    private static readonly Lazy<bool> LoaderSelfTest = new(() =>
    {
        // Registers into a throw-away catalog: proves, before a model is written, that this ML.NET build
        // accepts our loaders, so Save never produces a .zip that Load cannot read.
        RegisterPriorClip(new MLContext(seed: 0));
        return true;
    });

    /// <summary>
    /// Registers the loaders of all PriorClip transformers in <paramref name="mlContext"/>'s component
    /// catalog. Idempotent and thread-safe; returns the same context for chaining.
    /// </summary>
    /// <param name="mlContext">The context that will call <c>Model.Load</c>.</param>
    /// <returns><paramref name="mlContext"/>.</returns>
    /// <exception cref="NotSupportedException">The ML.NET in use is not the one this library was built against.</exception>
    public static MLContext RegisterPriorClip(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var catalog = mlContext.ComponentCatalog;
        var api = MlNetInternals.Api;
        lock (api.CatalogLock.GetValue(catalog)!)
        {
            if (Registered.TryGetValue(catalog, out _))
                return mlContext;
            foreach (var component in Components)
            {
                component.Validate();
                object attribute = MlNetInternals.Invoke(api.LoadableClassAttributeCtor, null,
                    $"PriorClip.MLNet {component.Kind}", component.InstanceType, typeof(PriorClipModelLoader),
                    null, api.SignatureLoadModel, component.Kind, new[] { component.LoaderSignature })!;
                object info = MlNetInternals.Invoke(api.LoadableClassInfoCtor, null,
                    attribute, null, null, PriorClipModelLoader.CreateMethod, true)!;
                MlNetInternals.Invoke(api.CatalogAddClass, catalog, info, new[] { component.LoaderSignature }, true);
            }
            Registered.Add(catalog, new object());
        }
        return mlContext;
    }

    /// <summary>Throws unless this ML.NET build can both write and load our components.</summary>
    internal static void EnsureLoaderResolvable() => _ = LoaderSelfTest.Value;

    /// <summary>The registered component of a kind, or null.</summary>
    internal static PriorClipComponentInfo? FindComponent(string kind) => Components.FirstOrDefault(c => c.Kind == kind);
}
