using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// Reads what <see cref="PriorClipModelWriter"/> wrote: validates our header (magic, format version,
/// component kind), exposes the JSON config and gives verified access to the named blobs.
/// </summary>
internal sealed class PriorClipModelReader
{
    private readonly Func<string, Action<Stream>, bool> _openEntry;
    private readonly Dictionary<string, (long Length, byte[] Sha256)> _blobs;

    private PriorClipModelReader(string kind, int formatVersion, int componentVersion, string configJson,
        Dictionary<string, (long, byte[])> blobs, Func<string, Action<Stream>, bool> openEntry)
    {
        Kind = kind;
        FormatVersion = formatVersion;
        ComponentVersion = componentVersion;
        ConfigJson = configJson;
        _blobs = blobs;
        _openEntry = openEntry;
    }

    /// <summary>The component kind found in the header.</summary>
    internal string Kind { get; }

    /// <summary>The PriorClip format version found in the header.</summary>
    internal int FormatVersion { get; }

    /// <summary>The component's own layout version found in the header.</summary>
    internal int ComponentVersion { get; }

    /// <summary>The raw JSON config.</summary>
    internal string ConfigJson { get; }

    /// <summary>Names of the blobs the header lists.</summary>
    internal IReadOnlyCollection<string> BlobNames => _blobs.Keys;

    /// <summary>Deserialises the config; a config that does not parse is reported as a format error.</summary>
    internal T GetConfig<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(ConfigJson, PriorClipJson.Options)
                ?? throw new PriorClipModelFormatException($"{Kind}: the config in the model is 'null'.");
        }
        catch (JsonException e)
        {
            throw new PriorClipModelFormatException($"{Kind}: the config in the model is not valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Reads a whole blob into memory, verifying its length and SHA-256.</summary>
    internal byte[] ReadBlob(string name)
    {
        byte[]? result = null;
        ReadBlob(name, s =>
        {
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            result = ms.ToArray();
        });
        return result!;
    }

    /// <summary>Reads a UTF-8 text blob.</summary>
    internal string ReadTextBlob(string name) => Encoding.UTF8.GetString(ReadBlob(name));

    /// <summary>
    /// Streams a blob to <paramref name="consume"/> (for TorchSharp weights: <c>module.load(stream)</c>).
    /// Whatever the consumer leaves unread is drained, then length and SHA-256 are checked, so a truncated
    /// or altered blob is reported even if the consumer did not notice.
    /// </summary>
    internal void ReadBlob(string name, Action<Stream> consume)
    {
        if (!_blobs.TryGetValue(name, out var expected))
            throw new PriorClipModelFormatException($"{Kind}: the model has no blob named '{name}' (it lists: {string.Join(", ", _blobs.Keys)}).");
        bool found = _openEntry(PriorClipModelWriter.BlobEntryName(name), raw =>
        {
            using var hs = new HashingStream(raw, reading: true);
            consume(hs);
            hs.CopyTo(Stream.Null);
            byte[] sha = hs.FinishHash();
            if (hs.Count != expected.Length)
                throw new PriorClipModelFormatException(
                    $"{Kind}: blob '{name}' is truncated or padded: the header says {expected.Length} bytes, the entry holds {hs.Count}.");
            if (!sha.AsSpan().SequenceEqual(expected.Sha256))
                throw new PriorClipModelFormatException($"{Kind}: blob '{name}' is corrupted (SHA-256 differs from the one saved).");
        });
        if (!found)
            throw new PriorClipModelFormatException($"{Kind}: the model's zip lacks the entry for blob '{name}' (truncated or edited .zip?).");
    }

    /// <summary>
    /// Parses our header from <paramref name="reader"/>.
    /// </summary>
    /// <param name="reader">Positioned at the start of the component's model data.</param>
    /// <param name="expectedKind">The kind ML.NET's loader signature promised, or null to accept any kind.</param>
    /// <param name="openEntry">Opens a sibling zip entry; returns false when it does not exist.</param>
    internal static PriorClipModelReader ReadHeader(BinaryReader reader, string? expectedKind, Func<string, Action<Stream>, bool> openEntry)
    {
        string what = expectedKind ?? "PriorClip component";
        try
        {
            Span<byte> magic = stackalloc byte[8];
            reader.BaseStream.ReadExactly(magic);
            if (!magic.SequenceEqual(PriorClipModelFormat.Magic))
                throw new PriorClipModelFormatException(
                    $"{what}: this model entry was not written by PriorClip.MLNet (magic '{Printable(magic)}', expected 'PRCLIPMD').");
            int format = reader.ReadInt32();
            if (format > PriorClipModelFormat.CurrentVersion)
                throw new PriorClipModelFormatException(
                    $"{what}: the model was written with PriorClip format version {format}, but this build of PriorClip.MLNet " +
                    $"reads versions up to {PriorClipModelFormat.CurrentVersion}. Upgrade PriorClip.MLNet to load it.");
            if (format < 1)
                throw new PriorClipModelFormatException($"{what}: invalid PriorClip format version {format}.");
            string kind = reader.ReadString();
            if (expectedKind is not null && kind != expectedKind)
                throw new PriorClipModelFormatException($"The model entry registered as '{expectedKind}' holds a '{kind}' component.");
            int componentVersion = reader.ReadInt32();
            string config = reader.ReadString();
            int count = reader.ReadInt32();
            if (count is < 0 or > 10_000)
                throw new PriorClipModelFormatException($"{kind}: implausible blob count {count} (corrupted header).");
            var blobs = new Dictionary<string, (long, byte[])>(count);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                long length = reader.ReadInt64();
                byte[] sha = reader.ReadBytes(32);
                if (sha.Length != 32) throw new EndOfStreamException();
                blobs[name] = (length, sha);
            }
            if (reader.ReadUInt32() != PriorClipModelFormat.EndMarker)
                throw new PriorClipModelFormatException($"{kind}: the header's end marker is missing (corrupted model entry).");
            return new PriorClipModelReader(kind, format, componentVersion, config, blobs, openEntry);
        }
        catch (EndOfStreamException e)
        {
            throw new PriorClipModelFormatException($"{what}: the model entry ends inside the PriorClip header (truncated .zip?).", e);
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
            sb.Append(b is >= 32 and < 127 ? (char)b : '?');
        return sb.ToString();
    }
}
