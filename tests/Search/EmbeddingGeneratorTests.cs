using Microsoft.Extensions.AI;
using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Search.Embeddings;
using PriorClip.MLNet.Tests.Import;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Embedding;

namespace PriorClip.MLNet.Tests.Search;

/// <summary>The demo model as Microsoft.Extensions.AI embedding generators: the pipeline's own vectors, batches, cancellation, metadata.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class EmbeddingGeneratorTests
{
    static readonly string DemoModel = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Demo", "priorclip-tiny.zip");

    sealed class CaptionRow { public string Caption { get; set; } = ""; }

    sealed class PathRow { public string ImagePath { get; set; } = ""; }

    static ITransformer Load() => new MLContext(seed: 1).RegisterPriorClip().Model.Load(DemoModel, out _);

    [Fact]
    public async Task TheTextGeneratorGivesThePipelinesTextEmbeddingsInBatches()
    {
        var model = Load();
        IEmbeddingGenerator<string, Embedding<float>> generator = new PriorClipTextEmbeddingGenerator(model);
        // 70 captions: more than one batch of 64.
        var captions = Enumerable.Range(0, 70).Select(i => $"{CheckpointFixtures.Captions()[i % 5]} {i}").ToList();
        var embeddings = await generator.GenerateAsync(captions);
        var ml = new MLContext(seed: 1);
        // The pipeline is given the batches of 64 the generator encodes, and then the vectors are equal exactly. Given all 70
        // rows at once they differ by a few 1e-9: a caption's vector depends on its batch to float rounding (the batch's
        // padded length changes the GEMM shapes), not on the thread it runs on (measured, this test's first version).
        var expected = captions.Chunk(PriorClipTextEmbeddingGenerator.BatchSize).SelectMany(batch => RetrievalModelParts.From(model).TextSide
            .Transform(ml.Data.LoadFromEnumerable(batch.Select(c => new CaptionRow { Caption = c }))).GetColumn<float[]>("TextEmbedding")).ToList();
        Assert.Equal(70, embeddings.Count);
        for (int i = 0; i < 70; i++) Assert.Equal(expected[i], embeddings[i].Vector.ToArray());
        Assert.Equal("tiny", embeddings[0].ModelId);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;
        Assert.Equal(("PriorClip.MLNet", "tiny", 128), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
        Assert.Equal(128, embeddings[0].Dimensions);
        Assert.IsType<PriorClipEncodeTransformer>(generator.GetService(typeof(PriorClipEncodeTransformer)));
        Assert.Null(generator.GetService(typeof(string)));
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 64 }));
    }

    [Fact]
    public async Task TheImageGeneratorGivesThePipelinesImageEmbeddingsForTheSameFiles()
    {
        var model = Load();
        using var generator = new PriorClipImageEmbeddingGenerator(model, modelId: "demo-tiny");
        var paths = CheckpointFixtures.Images("rn").Concat(CheckpointFixtures.Images("vit")).ToList();
        var embeddings = await generator.GenerateAsync(paths.Select(PriorClipImageEmbeddingGenerator.FromFile));
        var ml = new MLContext(seed: 1);
        var expected = RetrievalModelParts.From(model).ImageSide.Transform(ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p })))
            .GetColumn<float[]>("ImageEmbedding").ToList();
        Assert.Equal(paths.Count, embeddings.Count);
        for (int i = 0; i < paths.Count; i++) Assert.Equal(expected[i], embeddings[i].Vector.ToArray());
        Assert.Equal("demo-tiny", embeddings[0].ModelId);

        var notImage = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync([new DataContent("hello"u8.ToArray(), "text/plain") { Name = "note.txt" }]));
        Assert.Contains("input 0 (note.txt) has media type 'text/plain', not an image", notImage.Message);
        Assert.Throws<ArgumentException>(() => PriorClipImageEmbeddingGenerator.FromFile("scene.tif"));
    }

    [Fact]
    public async Task ACancelledRequestStopsBeforeEncoding()
    {
        using var generator = new PriorClipTextEmbeddingGenerator(Load());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(Enumerable.Repeat("a river", 200), cancellationToken: cancelled.Token));
    }
}
