using System.Text;
using System.Text.Json;
using PriorClip.MLNet.Modeling.Import;
using TorchSharp;
using static PriorClip.MLNet.Tests.Import.CheckpointFixtures;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Import;

/// <summary>Strict loading: one error names every missing, unexpected and mis-shaped tensor.</summary>
[Collection(LibTorchCollection.Name)]
public class CheckpointMismatchTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-mismatch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void MissingExtraAndMisshapedTensorsAreAllNamed()
    {
        using var original = CheckpointReader.Read(Path("vit_hf", "model.safetensors"));
        var tensors = original.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value);
        tensors.Remove("text_model.final_layer_norm.bias");                               // missing
        tensors["text_model.pooler.weight"] = torch.zeros(3);                              // unexpected
        tensors["vision_model.post_layernorm.weight"] = torch.ones(127);                   // mis-shaped (128)
        string file = System.IO.Path.Combine(_dir, "model.safetensors");
        WriteSafetensors(file, tensors);

        var ex = Assert.Throws<CheckpointMismatchException>(() => ClipCheckpointImporter.Import(file));
        Assert.Equal(["ln_final.bias"], ex.Missing);
        Assert.Equal(["text_model.pooler.weight"], ex.Unexpected);
        Assert.Single(ex.Misshaped);
        Assert.Contains("visual.ln_post.weight: file [127] vs model [128]", ex.Misshaped[0]);
        Assert.Contains(file, ex.Message);
        Assert.Contains("missing (1): ln_final.bias", ex.Message);
    }

    [Fact]
    public void NotACheckpointIsNamedWithItsFirstBytes()
    {
        string file = System.IO.Path.Combine(_dir, "notes.pt");
        File.WriteAllText(file, "hello, not a model");
        var ex = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(file));
        Assert.Contains(file, ex.Message);
        Assert.Contains("neither a PyTorch checkpoint", ex.Message);
    }

    [Fact]
    public void ALegacyPickleGetsTheConversionCommand()
    {
        string file = System.IO.Path.Combine(_dir, "legacy.pt");
        File.WriteAllBytes(file, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9]);
        var ex = Assert.Throws<InvalidDataException>(() => CheckpointReader.Read(file));
        Assert.Contains("legacy", ex.Message);
        Assert.Contains("torch.save(", ex.Message);
    }

    // The safetensors layout (u64 header length, JSON header, raw little-endian data), as the fixture script writes it.
    static void WriteSafetensors(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var header = new Dictionary<string, object>();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            var c = t.contiguous();
            byte[] data = c.dtype == ScalarType.Int64
                ? c.data<long>().ToArray().SelectMany(BitConverter.GetBytes).ToArray()
                : c.to_type(ScalarType.Float32).data<float>().ToArray().SelectMany(BitConverter.GetBytes).ToArray();
            header[name] = new { dtype = c.dtype == ScalarType.Int64 ? "I64" : "F32", shape = c.shape, data_offsets = new[] { offset, offset + data.Length } };
            blobs.Add(data);
            offset += data.Length;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var f = File.Create(path);
        f.Write(BitConverter.GetBytes((ulong)json.Length));
        f.Write(json);
        foreach (var b in blobs) f.Write(b);
    }
}
