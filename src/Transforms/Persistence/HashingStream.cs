using System.Security.Cryptography;

namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// A pass-through stream that counts and SHA-256-hashes what flows through it, so blobs can be streamed
/// (weights may be hundreds of MB) and still be checked for truncation and corruption. It never closes
/// the inner stream: ML.NET owns the zip entry, and TorchSharp's <c>Module.save</c> closes what it gets.
/// </summary>
internal sealed class HashingStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _reading;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    internal HashingStream(Stream inner, bool reading)
    {
        _inner = inner;
        _reading = reading;
    }

    /// <summary>Bytes read or written so far.</summary>
    internal long Count { get; private set; }

    /// <summary>The SHA-256 of everything seen so far (call once, at the end; works after Dispose).</summary>
    internal byte[] FinishHash()
    {
        byte[] hash = _hash.GetHashAndReset();
        _hash.Dispose();
        return hash;
    }

    public override bool CanRead => _reading;
    public override bool CanSeek => false;
    public override bool CanWrite => !_reading;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { if (!_reading) _inner.Flush(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_reading) throw new NotSupportedException();
        int n = _inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        Count += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_reading) throw new NotSupportedException();
        _inner.Write(buffer);
        _hash.AppendData(buffer);
        Count += buffer.Length;
    }

    // Dispose deliberately closes nothing: not _inner (see the class remarks), and not the hash, which
    // FinishHash still needs after a consumer such as TorchSharp's Module.save has disposed this stream.
}
