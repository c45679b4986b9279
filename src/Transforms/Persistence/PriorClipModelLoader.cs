using System.Reflection;
using Microsoft.ML.Runtime;

namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// The single creation method ML.NET's component catalog calls for every PriorClip loader signature
/// (see <see cref="PriorClipTransformersRegistration"/>). It reads our header and dispatches on the
/// component kind written there.
/// </summary>
internal static class PriorClipModelLoader
{
    /// <summary>The method registered as the loadable classes' <c>Create</c>.</summary>
    internal static MethodInfo CreateMethod { get; } =
        typeof(PriorClipModelLoader).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Called by ML.NET as <c>Create(IHostEnvironment, ModelLoadContext)</c>; the context is typed
    /// <see cref="object"/> because <c>ModelLoadContext</c> is internal to ML.NET.
    /// </summary>
    internal static PriorClipTransformerBase Create(IHostEnvironment env, object ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        var api = MlNetInternals.Api;
        if (!api.LoadContextType.IsInstanceOfType(ctx))
            throw new ArgumentException($"Expected ML.NET's ModelLoadContext, got {ctx?.GetType().FullName ?? "null"}.", nameof(ctx));
        MlNetInternals.Invoke(api.LoadCheckAtModel, ctx);
        var binary = (BinaryReader)api.LoadReader.GetValue(ctx)!;

        bool OpenEntry(string entry, Action<Stream> consume)
        {
            Action<BinaryReader> body = br => consume(br.BaseStream);
            return (bool)MlNetInternals.Invoke(api.LoadTryLoadBinaryStream, ctx, entry, body)!;
        }

        var reader = PriorClipModelReader.ReadHeader(binary, expectedKind: null, OpenEntry);
        var component = PriorClipTransformersRegistration.FindComponent(reader.Kind)
            ?? throw new PriorClipModelFormatException(
                $"The model holds a PriorClip component of kind '{reader.Kind}', which this build of PriorClip.MLNet does not know. Upgrade PriorClip.MLNet.");
        if (reader.ComponentVersion > component.ComponentVersion)
            throw new PriorClipModelFormatException(
                $"{component.Kind}: the model was written with component version {reader.ComponentVersion}; this build reads up to {component.ComponentVersion}. Upgrade PriorClip.MLNet.");
        return component.Load(reader);
    }
}
