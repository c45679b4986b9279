using System.IO.Compression;
using Microsoft.ML;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms;

/// <summary>What <see cref="PriorClipModelFile.Inspect"/> found about one PriorClip component in a model .zip.</summary>
/// <param name="Directory">The component's directory inside the .zip (e.g. "TransformerChain/Transform_001").</param>
/// <param name="Kind">The component kind, e.g. "PriorClipTokenize".</param>
/// <param name="FormatVersion">The PriorClip format version it was written with.</param>
/// <param name="ComponentVersion">The component's own layout version.</param>
/// <param name="Blobs">Names of its binary blobs (all verified by length and SHA-256).</param>
/// <param name="ConfigJson">Its JSON config.</param>
public sealed record PriorClipComponentSummary(string Directory, string Kind, int FormatVersion, int ComponentVersion, IReadOnlyList<string> Blobs, string ConfigJson);

/// <summary>
/// Checks a saved model .zip without loading it: finds the PriorClip components, checks their format
/// version and verifies every blob. Use it to turn ML.NET's generic load errors into a precise diagnosis
/// (the CLI's <c>inspect</c>), or to validate a model before shipping it.
/// </summary>
public static class PriorClipModelFile
{
    // ML.NET's model header is 256 bytes; the int64 at offset 16 is where the component's data starts.
    private const int MlNetHeaderSize = 0x100, FpModelOffset = 0x10;

    /// <summary>Lists and verifies the PriorClip components of the model at <paramref name="path"/>.</summary>
    /// <param name="path">A .zip written by <c>mlContext.Model.Save</c>.</param>
    /// <returns>One summary per PriorClip component (empty if the model has none).</returns>
    /// <exception cref="PriorClipModelFormatException">The file is not a readable .zip, not an ML.NET model, or a
    /// PriorClip component in it is foreign, truncated, corrupted or from a newer format version.</exception>
    public static IReadOnlyList<PriorClipComponentSummary> Inspect(string path)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new PriorClipModelFormatException($"'{path}' is not a readable .zip (truncated, or not a model file): {e.Message}", e);
        }
        using (zip)
        {
            try
            {
                return InspectComponents(zip, path);
            }
            catch (PriorClipModelFormatException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
            {
                throw new PriorClipModelFormatException($"'{path}': {e.Message}", e); // the component reader knows the blob, not the file
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException and not FileNotFoundException)
            {
                // The central directory and the entries are read lazily: damage beyond the zip's end record shows here.
                throw new PriorClipModelFormatException($"'{path}' is a damaged .zip (truncated or corrupted): {e.Message}", e);
            }
        }
    }

    static IReadOnlyList<PriorClipComponentSummary> InspectComponents(ZipArchive zip, string path)
    {
        {
            var models = zip.Entries.Where(e => e.Name == "Model.key").ToList();
            if (models.Count == 0)
                throw new PriorClipModelFormatException($"'{path}' is a .zip but not an ML.NET model: it has no Model.key entry.");
            var found = new List<PriorClipComponentSummary>();
            foreach (var entry in models)
            {
                byte[] bytes = ReadAll(entry, path);
                if (bytes.Length < MlNetHeaderSize + 8) continue;
                long fpModel = BitConverter.ToInt64(bytes, FpModelOffset);
                if (fpModel < MlNetHeaderSize || fpModel > bytes.Length - 8
                    || !bytes.AsSpan((int)fpModel, 8).SequenceEqual(PriorClipModelFormat.Magic))
                    continue; // an ML.NET component, not ours
                string dir = entry.FullName.Length > entry.Name.Length ? entry.FullName[..^(entry.Name.Length + 1)] : "";
                using var reader = new BinaryReader(new MemoryStream(bytes, (int)fpModel, bytes.Length - (int)fpModel));
                var parsed = PriorClipModelReader.ReadHeader(reader, expectedKind: null, (name, consume) =>
                {
                    var blob = zip.GetEntry(dir.Length == 0 ? name : dir + "/" + name);
                    if (blob is null) return false;
                    using var s = blob.Open();
                    consume(s);
                    return true;
                });
                var known = PriorClipTransformersRegistration.FindComponent(parsed.Kind)
                    ?? throw new PriorClipModelFormatException($"'{path}': component '{dir}' is of kind '{parsed.Kind}', unknown to this build of PriorClip.MLNet.");
                if (parsed.ComponentVersion > known.ComponentVersion)
                    throw new PriorClipModelFormatException(
                        $"'{path}': {parsed.Kind} in '{dir}' has component version {parsed.ComponentVersion}; this build reads up to {known.ComponentVersion}. Upgrade PriorClip.MLNet.");
                foreach (string blob in parsed.BlobNames)
                    parsed.ReadBlob(blob, _ => { }); // drained and verified by the reader
                found.Add(new PriorClipComponentSummary(dir, parsed.Kind, parsed.FormatVersion, parsed.ComponentVersion,
                    parsed.BlobNames.ToArray(), parsed.ConfigJson));
            }
            return found;
        }
    }

    /// <summary>
    /// <c>mlContext.Model.Load</c> with a diagnosis that names the file: when ML.NET cannot load it, the file is
    /// checked with <see cref="Inspect"/>, so a file that is not a zip, a zip that is not a model, or a damaged or
    /// newer PriorClip component is reported as such instead of ML.NET's generic message.
    /// </summary>
    /// <param name="mlContext">The context to load with (PriorClip's components are registered on it).</param>
    /// <param name="path">A .zip written by <c>mlContext.Model.Save</c>.</param>
    /// <param name="inputSchema">The input schema saved with the model.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="PriorClipModelFormatException">The file cannot be loaded; the message names it and says why.</exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        if (!File.Exists(path)) throw new FileNotFoundException($"model file '{path}' does not exist", path);
        mlContext.RegisterPriorClip();
        try
        {
            return mlContext.Model.Load(path, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            try
            {
                Inspect(path); // the precise reason, when the file itself is bad
            }
            catch (PriorClipModelFormatException reason)
            {
                throw Named(reason, path);
            }
            throw e is PriorClipModelFormatException own ? Named(own, path)
                : new PriorClipModelFormatException($"'{path}' is an ML.NET model that cannot be loaded here: {e.Message}", e);
        }
    }

    private static PriorClipModelFormatException Named(PriorClipModelFormatException e, string path) =>
        e.Message.Contains(path, StringComparison.Ordinal) ? e : new PriorClipModelFormatException($"'{path}': {e.Message}", e);

    private static byte[] ReadAll(ZipArchiveEntry entry, string path)
    {
        try
        {
            using var s = entry.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new PriorClipModelFormatException($"'{path}': entry '{entry.FullName}' cannot be read (damaged .zip): {e.Message}", e);
        }
    }
}
