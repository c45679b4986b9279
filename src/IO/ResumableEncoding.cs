using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.IO;

/// <summary>
/// Encodes a long list in chunks that survive a kill: each finished chunk is written atomically into
/// <c>OUTPUT/.partial-NAME/</c> with a manifest naming what is being encoded (a hash of the row ids and of the encoder's
/// identity); a rerun over the same inputs with the same encoder picks up after the last finished chunk, anything else
/// starts over (and says so). When all chunks are done they are joined into <c>NAME.npy</c> atomically and the partial
/// folder is removed, so the output is either absent, the previous complete file, or the new complete file.
/// </summary>
public static class ResumableEncoding
{
    sealed record Manifest(string Inputs, int ChunkRows, int Rows, int Dimension);

    /// <summary>Encodes <paramref name="ids"/>.Count rows into <paramref name="folder"/>/<paramref name="name"/>.npy.</summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="name">"images" or "texts".</param>
    /// <param name="ids">One id per row (file paths, captions): what makes two runs the same job.</param>
    /// <param name="encoderIdentity">What makes two encoders the same (model path, size and time, backend).</param>
    /// <param name="chunkRows">Rows per chunk.</param>
    /// <param name="encode">Encodes rows [start, start + count) → a matrix of count rows.</param>
    /// <param name="log">Receives "resuming …" / "starting over …" lines.</param>
    /// <returns>The whole matrix.</returns>
    public static EmbeddingMatrix Encode(string folder, string name, IReadOnlyList<string> ids, string encoderIdentity, int chunkRows,
        Func<int, int, EmbeddingMatrix> encode, Action<string>? log = null)
    {
        if (chunkRows < 1) throw new ArgumentOutOfRangeException(nameof(chunkRows), $"chunk rows must be at least 1, got {chunkRows}");
        if (ids.Count == 0) throw new ArgumentException($"there are no {name} rows to encode", nameof(ids));
        Directory.CreateDirectory(folder);
        string partial = Path.Combine(folder, $".partial-{name}");
        string manifestPath = Path.Combine(partial, "manifest.json");
        string inputs = Hash(encoderIdentity, ids);
        int chunks = (ids.Count + chunkRows - 1) / chunkRows;
        var existing = File.Exists(manifestPath) ? Read(manifestPath) : null;
        if (existing is not null && (existing.Inputs != inputs || existing.ChunkRows != chunkRows || existing.Rows != ids.Count))
        {
            log?.Invoke($"starting over: {partial} holds a run over other inputs, another model or another chunk size");
            Directory.Delete(partial, recursive: true);
            existing = null;
        }
        Directory.CreateDirectory(partial);
        int done = Enumerable.Range(0, chunks).TakeWhile(c => File.Exists(ChunkPath(partial, c))).Count();
        if (existing is not null && done > 0) log?.Invoke($"resuming: {Math.Min(done * chunkRows, ids.Count)} of the {ids.Count} rows of {name}.npy already encoded");
        int dimension = existing?.Dimension ?? 0;
        for (int c = done; c < chunks; c++)
        {
            int start = c * chunkRows, count = Math.Min(chunkRows, ids.Count - start);
            var matrix = encode(start, count);
            if (matrix.Rows != count) throw new InvalidOperationException($"the encoder returned {matrix.Rows} rows for {count}");
            if (dimension == 0)
            {
                dimension = matrix.Dimension;
                AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(new Manifest(inputs, chunkRows, ids.Count, dimension)));
            }
            NpyFile.WriteEmbeddingMatrix(ChunkPath(partial, c), matrix);
        }
        if (dimension == 0) AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(new Manifest(inputs, chunkRows, ids.Count, 0)));
        var values = new float[(long)ids.Count * dimension];
        for (int c = 0; c < chunks; c++)
        {
            var chunk = NpyFile.ReadEmbeddingMatrix(ChunkPath(partial, c));
            chunk.Values.CopyTo(values.AsSpan(c * chunkRows * dimension));
        }
        var whole = new EmbeddingMatrix(values, ids.Count, dimension);
        NpyFile.WriteEmbeddingMatrix(Path.Combine(folder, name + ".npy"), whole);
        Directory.Delete(partial, recursive: true);
        return whole;
    }

    static string ChunkPath(string partial, int chunk) => Path.Combine(partial, $"chunk-{chunk:D6}.npy");

    static Manifest? Read(string path)
    {
        try { return JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path)); }
        catch (JsonException) { return null; } // a manifest is written atomically; an unreadable one means start over
    }

    static string Hash(string identity, IReadOnlyList<string> ids)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(identity + "\n"));
        foreach (var id in ids) sha.AppendData(Encoding.UTF8.GetBytes(id + "\n"));
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
