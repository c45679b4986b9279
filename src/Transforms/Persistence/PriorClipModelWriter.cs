using System.Text;
using System.Text.Json;
using Microsoft.ML;

namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// Collects what one component saves — a JSON config and named binary blobs — and writes it into
/// ML.NET's <see cref="ModelSaveContext"/> in the <see cref="PriorClipModelFormat"/> layout.
/// Components only see this class; none of them touch ML.NET's save internals.
/// </summary>
internal sealed class PriorClipModelWriter
{
    private readonly object _context;
    private readonly List<(string Name, long Length, byte[] Sha256)> _blobs = [];
    private string? _configJson;

    private PriorClipModelWriter(object context) => _context = context;

    /// <summary>Sets the component's config, serialised with System.Text.Json.</summary>
    internal void SetConfig<T>(T config) => _configJson = JsonSerializer.Serialize(config, PriorClipJson.Options);

    /// <summary>Adds a blob whose bytes are already in memory.</summary>
    internal void AddBlob(string name, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        AddBlob(name, s => s.Write(copy));
    }

    /// <summary>Adds a UTF-8 text blob (vocabularies, merges).</summary>
    internal void AddTextBlob(string name, string text) => AddBlob(name, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Streams a blob straight into its zip entry (for TorchSharp weights: <c>module.save(stream)</c>).
    /// The stream given to <paramref name="write"/> is write-only, not seekable, and closing it is harmless.
    /// </summary>
    internal void AddBlob(string name, Action<Stream> write)
    {
        ValidateBlobName(name);
        if (_blobs.Any(b => b.Name == name))
            throw new ArgumentException($"Blob '{name}' was added twice.", nameof(name));
        long length = 0;
        byte[] hash = [];
        Action<BinaryWriter> body = bw =>
        {
            bw.Flush();
            using var hs = new HashingStream(bw.BaseStream, reading: false);
            write(hs);
            length = hs.Count;
            hash = hs.FinishHash();
        };
        MlNetInternals.Invoke(MlNetInternals.Api.SaveBinaryStream, _context, BlobEntryName(name), body);
        _blobs.Add((name, length, hash));
    }

    /// <summary>The zip entry name of a blob (prefixed so it never collides with ML.NET's own entries).</summary>
    internal static string BlobEntryName(string name) => "PriorClip." + name;

    private static void ValidateBlobName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
            throw new ArgumentException($"Blob name '{name}' must be non-empty ASCII letters, digits, '.', '_' or '-'.", nameof(name));
    }

    /// <summary>
    /// Runs <paramref name="saveCore"/> against a fresh writer and writes our header into <paramref name="ctx"/>.
    /// Called from <see cref="ICanSaveModel.Save"/> of every PriorClip transformer.
    /// </summary>
    internal static void Save(ModelSaveContext ctx, PriorClipComponentInfo component, Action<PriorClipModelWriter> saveCore)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var api = MlNetInternals.Api;
        // The loader must be reachable before anything is written: a model that cannot be loaded back
        // must never be produced silently.
        PriorClipTransformersRegistration.EnsureLoaderResolvable();

        MlNetInternals.Invoke(api.SaveCheckAtModel, ctx);
        object versionInfo = MlNetInternals.Invoke(api.VersionInfoCtor, null,
            component.ModelSignature, PriorClipModelFormat.MlNetVersionWord, PriorClipModelFormat.MlNetVersionWord,
            PriorClipModelFormat.MlNetVersionWord, typeof(PriorClipModelWriter).Assembly.FullName, component.LoaderSignature, null)!;
        MlNetInternals.Invoke(api.SaveSetVersionInfo, ctx, versionInfo);

        var writer = new PriorClipModelWriter(ctx);
        saveCore(writer);
        if (writer._configJson is null)
            throw new InvalidOperationException($"{component.Kind} saved no config; SaveCore must call SetConfig.");

        var bw = (BinaryWriter)api.SaveWriter.GetValue(ctx)!;
        bw.Write(PriorClipModelFormat.Magic);
        bw.Write(PriorClipModelFormat.CurrentVersion);
        bw.Write(component.Kind);
        bw.Write(component.ComponentVersion);
        bw.Write(writer._configJson);
        bw.Write(writer._blobs.Count);
        foreach (var (name, length, sha) in writer._blobs)
        {
            bw.Write(name);
            bw.Write(length);
            bw.Write(sha);
        }
        bw.Write(PriorClipModelFormat.EndMarker);
    }
}
