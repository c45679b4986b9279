using System.Collections;
using System.IO.Compression;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Import;

/// <summary>The file formats <see cref="CheckpointReader"/> recognises.</summary>
public enum CheckpointFormat
{
    /// <summary><c>torch.save(state_dict)</c> (zip layout, PyTorch ≥ 1.6): open_clip, RemoteCLIP, GeoRSCLIP, torchvision.</summary>
    TorchStateDict,
    /// <summary>A TorchScript archive (<c>torch.jit.save</c>): OpenAI's released CLIP <c>.pt</c> files.</summary>
    TorchScript,
    /// <summary>safetensors (Hugging Face <c>model.safetensors</c>).</summary>
    Safetensors,
}

/// <summary>The named tensors of a checkpoint file, on the CPU, with how they were stored.</summary>
/// <param name="Path">The file read.</param>
/// <param name="Format">Its format.</param>
/// <param name="Tensors">Name → tensor, in file order; wrappers such as <c>{"state_dict": …}</c> and a <c>module.</c> prefix are removed.</param>
public sealed record CheckpointContents(string Path, CheckpointFormat Format, IReadOnlyDictionary<string, Tensor> Tensors) : IDisposable
{
    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}

/// <summary>
/// Reads PyTorch checkpoints without Python: <c>torch.save</c> state_dicts and safetensors through
/// TorchSharp.PyBridge, TorchScript archives through LibTorch's own loader (<c>torch.jit.load</c>).
/// </summary>
public static class CheckpointReader
{
    /// <summary>The one-line conversion for files this reader cannot open (printed in its errors).</summary>
    public const string ConversionHint =
        "convert it once with PyTorch: python -c \"import torch,sys; m=torch.load(sys.argv[1], map_location='cpu'); " +
        "torch.save(m.state_dict() if hasattr(m, 'state_dict') else m, sys.argv[2])\" IN.pt OUT.pt";

    /// <summary>Reads every tensor of <paramref name="path"/>; the format is recognised from the file's bytes.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint this reader understands (the message names the file and the fix).</exception>
    public static CheckpointContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        try
        {
            var format = Detect(path);
            // torch.save and TorchScript files are zips; their readers would load a flipped byte in the weights silently.
            if (format != CheckpointFormat.Safetensors) PriorClip.MLNet.IO.ZipIntegrity.Verify(path);
            var tensors = format switch
            {
                CheckpointFormat.Safetensors => ReadSafetensors(path),
                CheckpointFormat.TorchScript => ReadTorchScript(path),
                _ => ReadStateDict(path),
            };
            return new CheckpointContents(path, format, StripModulePrefix(tensors));
        }
        catch (InvalidDataException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            // The zip layer's own errors (a damaged central directory) name no file.
            throw new InvalidDataException($"checkpoint '{path}' is damaged ({e.Message}); {ConversionHint}", e);
        }
    }

    /// <summary>Recognises the format from the first bytes (and, for zip archives, the entry names).</summary>
    public static CheckpointFormat Detect(string path)
    {
        var head = new byte[9];
        int read;
        using (var f = File.OpenRead(path)) read = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K')
        {
            using var zip = ZipFile.OpenRead(path);
            // torch.jit.save writes code/ and constants.pkl beside data.pkl; torch.save writes data.pkl and data/ only.
            bool script = zip.Entries.Any(e => e.FullName.EndsWith("/constants.pkl", StringComparison.Ordinal) || e.FullName.Contains("/code/", StringComparison.Ordinal));
            return script ? CheckpointFormat.TorchScript : CheckpointFormat.TorchStateDict;
        }
        if (read == 9 && head[8] == (byte)'{') return CheckpointFormat.Safetensors;
        if (read >= 2 && head[0] == 0x80)
            throw new InvalidDataException($"checkpoint '{path}' is a legacy (pre-1.6) torch.save pickle, which cannot be read without Python; {ConversionHint}");
        throw new InvalidDataException($"'{path}' is neither a PyTorch checkpoint (zip archive) nor a safetensors file (first bytes {Convert.ToHexString(head, 0, read)})");
    }

    static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        try
        {
            return new Dictionary<string, Tensor>(Safetensors.LoadStateDict(path));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"safetensors file '{path}' could not be read: {e.Message}", e);
        }
    }

    static Dictionary<string, Tensor> ReadStateDict(string path)
    {
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"checkpoint '{path}' is a zip archive but not a torch.save state_dict PyBridge can read ({e.Message}); " +
                                           $"if it holds a whole pickled model, {ConversionHint}", e);
        }
        // open_clip_train writes {"epoch", "name", "state_dict", "optimizer"}; others wrap in "model" or "module".
        foreach (string key in new[] { "state_dict", "model", "module" })
            if (table[key] is Hashtable inner && !table.Values.OfType<Tensor>().Any())
                table = inner;
        var result = new Dictionary<string, Tensor>();
        var skipped = new List<string>();
        foreach (DictionaryEntry e in table)
        {
            if (e.Value is Tensor t) result[(string)e.Key] = t;
            else skipped.Add((string)e.Key);
        }
        if (result.Count == 0)
            throw new InvalidDataException($"checkpoint '{path}' holds no tensors at its top level (keys: {string.Join(", ", skipped.Take(10))})");
        return result;
    }

    static Dictionary<string, Tensor> ReadTorchScript(string path)
    {
        jit.ScriptModule module;
        try
        {
            module = torch.jit.load(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"TorchScript archive '{path}' could not be loaded by LibTorch ({e.Message}); {ConversionHint}", e);
        }
        using (module)
        {
            var result = new Dictionary<string, Tensor>();
            foreach (var (name, p) in module.named_parameters()) result[name] = p.detach().clone();
            foreach (var (name, b) in module.named_buffers()) result.TryAdd(name, b.detach().clone());
            return result;
        }
    }

    static Dictionary<string, Tensor> StripModulePrefix(Dictionary<string, Tensor> tensors)
    {
        // DistributedDataParallel saves every name under "module.".
        if (tensors.Count == 0 || !tensors.Keys.All(k => k.StartsWith("module.", StringComparison.Ordinal))) return tensors;
        return tensors.ToDictionary(kv => kv.Key["module.".Length..], kv => kv.Value);
    }
}
