using Microsoft.ML;
using TorchSharp;
using static PriorClip.MLNet.Tests.Transforms.TransformTestData;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// The persistence path PriorClipEncode will use for its weights: TorchSharp's <c>Module.save(Stream)</c>
/// into a blob inside the ML.NET .zip and <c>Module.load(Stream)</c> from the forward-only blob stream.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class TorchWeightsPersistenceTests
{
    [Fact]
    public void ModuleSaveAndLoadStreamThroughBlobs()
    {
        torch.manual_seed(3);
        using var saved = torch.nn.Linear(5, 4);
        var ml = new MLContext(seed: 1);
        var data = Captions(ml, "a plane");
        using var zip = TempFile(".zip");
        ml.Model.Save(new BlobProbeTransformer(writer =>
        {
            writer.SetConfig(new BlobProbeTransformer.ProbeConfig(5));
            writer.AddBlob("linear.weights", s => saved.save(s));
        }), data.Schema, zip.Path);

        var (reader, archive) = ModelZip.OpenComponent(zip.Path, BlobProbeTransformer.Kind);
        using var _ = archive;
        torch.manual_seed(4);
        using var loaded = torch.nn.Linear(5, 4);
        Assert.NotEqual(Values(saved.weight!), Values(loaded.weight!));
        reader.ReadBlob("linear.weights", s => loaded.load(s));
        Assert.Equal(Values(saved.weight!), Values(loaded.weight!));
        Assert.Equal(Values(saved.bias!), Values(loaded.bias!));
    }

    private static float[] Values(torch.Tensor t) => t.data<float>().ToArray();
}
