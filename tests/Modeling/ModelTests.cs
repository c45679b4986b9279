using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class ModelTests
{
    private static void AssertUnitRows(Tensor embeddings, int batch, int dim)
    {
        Assert.Equal(new long[] { batch, dim }, embeddings.shape);
        using var norms = embeddings.norm(1);
        Assert.All(norms.data<float>().ToArray(), n => Assert.Equal(1f, n, 5));
        Assert.False(embeddings.isnan().any().ToBoolean());
    }

    [Theory]
    [MemberData(nameof(TestConfigs.AllShrunk), MemberType = typeof(TestConfigs))]
    public void EncodersGiveUnitEmbeddingsOfTheJointDimension(string name)
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.ByName(name), seed: 1);
        model.eval();
        using var noGrad = torch.no_grad();
        foreach (int batch in new[] { 1, 3 })
        {
            var (pixels, instruction) = TestBatches.Images(model, batch, seed: 2);
            var (ids, mask) = TestBatches.Captions(model, batch, model.ContextLength, seed: 3);
            using (pixels) using (instruction) using (ids) using (mask)
            using (var v = model.EncodeImage(pixels, instruction))
            using (var t = model.EncodeText(ids, mask))
            {
                AssertUnitRows(v, batch, model.EmbedDim);
                AssertUnitRows(t, batch, model.EmbedDim);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestConfigs.AllShrunk), MemberType = typeof(TestConfigs))]
    public void GradientsReachEveryTrainableParameterAndNoFrozenOne(string name)
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.ByName(name), seed: 4);
        model.train();
        var (pixels, instruction) = TestBatches.Images(model, 4, seed: 5);
        var (ids, mask) = TestBatches.Captions(model, 4, model.ContextLength, seed: 6);
        using var imageIds = torch.tensor(new long[] { 0, 0, 1, 2 });
        using var classes = torch.tensor(new long[] { 0, 0, 1, 1 });
        using (pixels) using (instruction) using (ids) using (mask)
        using (var parts = model.ComputeLoss(pixels, instruction, ids, mask, imageIds, classes))
        {
            Assert.True(parts.Attribution.ToDouble() > 0);
            parts.Total.backward();
        }
        var missing = new List<string>();
        int trainable = 0, frozen = 0;
        foreach (var (paramName, p) in model.named_parameters())
        {
            if (p.requires_grad)
            {
                trainable++;
                if (p.grad is null || p.grad.abs().sum().ToDouble() == 0) missing.Add(paramName);
            }
            else
            {
                frozen++;
                Assert.Null(p.grad);
            }
        }
        Assert.True(missing.Count == 0, "No gradient reached: " + string.Join(", ", missing));
        Assert.True(trainable > 10);
        if (model.SceneClassifier is not null)
        {
            Assert.True(frozen > 0);
            Assert.True(model.SceneClassifier.IsFrozen);
            Assert.False(model.SceneClassifier.training); // stays in eval although the parent is training
        }
    }

    [Theory]
    [MemberData(nameof(TestConfigs.AllShrunk), MemberType = typeof(TestConfigs))]
    public void PaddedAndUnpaddedCaptionsGiveTheSameEmbedding(string name)
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.ByName(name), seed: 7);
        model.eval();
        using var noGrad = torch.no_grad();
        int v = model.VocabSize, l = model.ContextLength;
        long[] caption = [1, 5, 9, 13, 2, v - 1];
        long[] other = [1, 7, 7, 4, 3, 8, 21, 6, 9, v - 1];

        using var unpadded = torch.tensor(caption, [1, caption.Length]);
        using var unpaddedMask = torch.ones_like(unpadded);
        using var alone = model.EncodeText(unpadded, unpaddedMask);
        using var noMask = model.EncodeText(unpadded, null);

        // The same caption padded to the context length with id 0, in a batch next to a longer caption.
        var ids = new long[2 * l];
        var mask = new long[2 * l];
        for (int i = 0; i < caption.Length; i++) { ids[i] = caption[i]; mask[i] = 1; }
        for (int i = 0; i < other.Length; i++) { ids[l + i] = other[i]; mask[l + i] = 1; }
        using var padded = torch.tensor(ids, [2, l]);
        using var paddedMask = torch.tensor(mask, [2, l]);
        using var batch = model.EncodeText(padded, paddedMask);

        var a = alone.data<float>().ToArray();
        var b = batch[0].data<float>().ToArray();
        var c = noMask.data<float>().ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 1e-5);
            Assert.Equal(a[i], c[i], 1e-5);
        }
        // And the other caption changes the embedding (the test would pass trivially otherwise).
        Assert.True(batch[1].sub(batch[0]).abs().max().ToDouble() > 1e-3);
    }

    [Theory]
    [MemberData(nameof(TestConfigs.AllShrunk), MemberType = typeof(TestConfigs))]
    public void BatchOfOneTrains(string name)
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.ByName(name), seed: 14);
        model.train();
        var (pixels, instruction) = TestBatches.Images(model, 1, seed: 15);
        var (ids, mask) = TestBatches.Captions(model, 1, model.ContextLength, seed: 16);
        using var imageIds = torch.tensor(new long[] { 3 });
        using var classes = torch.tensor(new long[] { 1 });
        using (pixels) using (instruction) using (ids) using (mask)
        using (var parts = model.ComputeLoss(pixels, instruction, ids, mask, imageIds, classes))
        {
            parts.Total.backward();
            // One pair: every softmax has a single entry, so both losses are exactly 0 and finite.
            Assert.Equal(0.0, parts.Contrastive.ToDouble(), 6);
            Assert.Equal(0.0, parts.Attribution.ToDouble(), 6);
            Assert.All(model.TrainableParameters(), p => Assert.False(p.grad is not null && p.grad.isnan().any().ToBoolean()));
        }
    }

    [Fact]
    public void FrozenTextEncoderGetsNoGradientWhileTheImageSideTrains()
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.VitB32Shrunk(), seed: 17);
        model.SetTextEncoderTrainable(false);
        model.train();
        var (pixels, instruction) = TestBatches.Images(model, 3, seed: 18);
        var (ids, mask) = TestBatches.Captions(model, 3, model.ContextLength, seed: 19);
        using var classes = torch.tensor(new long[] { 0, 1, 1 });
        using (pixels) using (instruction) using (ids) using (mask)
        using (var parts = model.ComputeLoss(pixels, instruction, ids, mask, null, classes))
            parts.Total.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.StartsWith("text.", StringComparison.Ordinal)) Assert.Null(p.grad);
            else Assert.True(p.grad is not null && p.grad.abs().sum().ToDouble() > 0, name);
        }
        Assert.Equal(model.parameters().Count() - model.Text.parameters().Count(), model.TrainableParameters().Count);
    }

    [Fact]
    public void GridPositionsAreOneEmbeddingPerCellAndShapeTheImageEmbedding()
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.TinyGridPositions(), seed: 21);
        model.eval();
        using var noGrad = torch.no_grad();
        var positions = Assert.Single(model.named_parameters(), p => !p.name.StartsWith("text.", StringComparison.Ordinal) && p.name.EndsWith("positional_embedding", StringComparison.Ordinal)).parameter;
        Assert.Equal(new long[] { 16, 256 }, positions.shape); // 64 px over 4 stages: a 4×4 grid of width-256 tokens
        var (pixels, instruction) = TestBatches.Images(model, 2, seed: 22);
        using (pixels) using (instruction)
        {
            using var before = model.EncodeImage(pixels, instruction);
            positions.zero_();
            using var after = model.EncodeImage(pixels, instruction);
            Assert.True(before.sub(after).abs().max().ToDouble() > 1e-3);
        }
        using var plain = PriorClipModelFactory.Create(TestConfigs.Tiny(), seed: 21);
        Assert.DoesNotContain(plain.named_parameters(), p => !p.name.StartsWith("text.", StringComparison.Ordinal) && p.name.EndsWith("positional_embedding", StringComparison.Ordinal));
    }

    [Fact]
    public void ExternalInstructionIsRequiredAndChecked()
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.VitB32Shrunk(), seed: 8);
        using var pixels = torch.zeros(2, 3, model.ImageSize, model.ImageSize);
        var missing = Assert.Throws<ArgumentException>(() => model.EncodeImage(pixels));
        Assert.Contains("instruction", missing.Message);
        using var wrong = torch.zeros(2, 7);
        Assert.Throws<ArgumentException>(() => model.EncodeImage(pixels, wrong));
    }

    [Fact]
    public void InstructionChangesTheImageEmbedding()
    {
        using var model = PriorClipModelFactory.Create(TestConfigs.PirClosedShrunk(), seed: 9);
        model.eval();
        using var noGrad = torch.no_grad();
        var (pixels, instruction) = TestBatches.Images(model, 2, seed: 10);
        using (pixels) using (instruction)
        using (var other = instruction!.flip(0))
        using (var a = model.EncodeImage(pixels, instruction))
        using (var b = model.EncodeImage(pixels, other))
        {
            Assert.True(a.sub(b).abs().max().ToDouble() > 1e-4);
        }
    }

    [Fact]
    public void SameSeedGivesSameWeights()
    {
        using var a = PriorClipModelFactory.Create("tiny", seed: 11);
        using var b = PriorClipModelFactory.Create("tiny", seed: 11);
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        Assert.Equal(pa.Count, pb.Count);
        for (int i = 0; i < pa.Count; i++) Assert.True(pa[i].eq(pb[i]).all().ToBoolean());
    }

    [Fact]
    public void ParameterNamesMirrorPyTorchLayouts()
    {
        using var vit = PriorClipModelFactory.Create(TestConfigs.VitB32Shrunk(), seed: 12);
        var names = vit.named_parameters().Select(p => p.name).ToHashSet();
        foreach (var expected in new[]
        {
            "visual.trunk.conv1.weight", "visual.trunk.class_embedding", "visual.trunk.positional_embedding",
            "visual.trunk.ln_pre.weight", "visual.trunk.transformer.resblocks.0.attn.in_proj_weight",
            "visual.trunk.transformer.resblocks.1.mlp.c_fc.weight", "visual.trunk.ln_post.bias", "visual.trunk.proj",
            "text.trunk.token_embedding.weight", "text.trunk.positional_embedding", "text.trunk.ln_final.weight",
            "text.trunk.text_projection", "text.trunk.transformer.resblocks.0.attn.out_proj.weight", "logit_scale",
        })
            Assert.Contains(expected, names);

        using var pir = PriorClipModelFactory.Create(TestConfigs.PirClosedShrunk(), seed: 13);
        var pirNames = pir.named_parameters().Select(p => p.name).ToHashSet();
        foreach (var expected in new[]
        {
            "visual.trunk.patch_embed.proj.weight", "visual.trunk.patch_embed.norm.weight",
            "visual.trunk.layers.0.blocks.1.attn.relative_position_bias_table", "visual.trunk.layers.3.blocks.0.attn.qkv.weight",
            "visual.trunk.layers.2.blocks.1.mlp.fc2.bias", "visual.trunk.layers.0.downsample.reduction.weight", "visual.trunk.norm.weight",
            "visual.pae.self_blocks.1.attn.in_proj_weight", "visual.pae.cross_blocks.0.ffn.fc1.weight",
            "text.pae.step_maps.2.weight", "attribution_logit_scale",
        })
            Assert.Contains(expected, pirNames);
        Assert.DoesNotContain(pirNames, n => n.Contains("text_projection"));
        Assert.DoesNotContain(pirNames, n => n.Contains("layers.3.downsample"));

        using var resnet = PriorClipModelFactory.Create(TestConfigs.PirClosedResNetShrunk(), seed: 14);
        var resnetNames = resnet.named_parameters().Select(p => p.name).ToHashSet();
        foreach (var expected in new[]
        {
            "visual.trunk.conv1.weight", "visual.trunk.bn1.weight", "visual.trunk.layer1.0.conv1.weight",
            "visual.trunk.layer2.0.downsample.0.weight", "visual.trunk.layer4.0.bn3.bias",
        })
            Assert.Contains(expected, resnetNames);
    }
}
