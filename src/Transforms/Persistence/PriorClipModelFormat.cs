namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// Layout of a PriorClip component inside ML.NET's model stream (the <c>Model.key</c> entry of the
/// component's directory in the .zip). ML.NET's own header (signature, versions, loader name) comes first
/// and is handled by ML.NET; ours follows so that every component is self-describing even if ML.NET's
/// header is ever bypassed:
/// <code>
/// magic            8 bytes  "PRCLIPMD"
/// format version   int32    <see cref="CurrentVersion"/>
/// component kind   string   e.g. "PriorClipTokenize" (BinaryWriter length-prefixed UTF-8)
/// component ver.   int32    the component's own config schema version
/// config           string   JSON
/// blob count       int32
///   name           string   zip entry name inside the component's directory
///   length         int64    bytes
///   sha256         32 bytes
/// end marker       uint32   <see cref="EndMarker"/>
/// </code>
/// Blob bodies are separate zip entries written through ML.NET's <c>SaveBinaryStream</c>, so weights
/// never pass through the string table and can be streamed.
/// </summary>
internal static class PriorClipModelFormat
{
    /// <summary>"PRCLIPMD" in ASCII.</summary>
    internal static ReadOnlySpan<byte> Magic => "PRCLIPMD"u8;

    /// <summary>The format version this build writes and the newest it reads.</summary>
    internal const int CurrentVersion = 1;

    /// <summary>Closes the header; a short read shows up as a wrong marker or an end-of-stream.</summary>
    internal const uint EndMarker = 0x454E4443; // "CDNE" little-endian, arbitrary but fixed

    /// <summary>ML.NET's per-component version word (major.minor in 16 bits each), tied to our format version.</summary>
    internal const uint MlNetVersionWord = 0x00010001;
}
