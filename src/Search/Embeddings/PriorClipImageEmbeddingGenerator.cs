using Microsoft.Extensions.AI;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Search.Embeddings;

/// <summary>
/// A PriorCLIP model's image side as an <see cref="IEmbeddingGenerator{DataContent, Embedding}"/>. Images come as
/// <see cref="DataContent"/> (bytes with an <c>image/…</c> media type), the <c>Microsoft.Extensions.AI</c> way to pass media;
/// each is decoded by the pipeline's own ML.NET image steps (through a temporary file, since <c>LoadImages</c> reads
/// files), so the vectors equal the pipeline's <c>ImageEmbedding</c> for the same file.
/// </summary>
public sealed class PriorClipImageEmbeddingGenerator : PriorClipEmbeddingGeneratorBase<DataContent>
{
    /// <summary>Wraps a fitted or loaded PriorCLIP pipeline (whose prior, if external, is one of its own steps).</summary>
    public PriorClipImageEmbeddingGenerator(ITransformer model, string? modelId = null) : base(model, modelId) { }

    /// <summary>An image file as <see cref="DataContent"/>, its media type from the extension.</summary>
    public static DataContent FromFile(string path)
    {
        string mediaType = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".bmp" => "image/bmp",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            var other => throw new ArgumentException($"{path}: '{other}' is not an image type ML.NET's image loader reads (png, jpg, bmp, gif, webp)", nameof(path)),
        };
        return new DataContent(File.ReadAllBytes(path), mediaType) { Name = Path.GetFileName(path) };
    }

    sealed class PathRow { public string ImagePath { get; set; } = ""; }

    private protected override IReadOnlyList<float[]> EncodeBatch(IReadOnlyList<DataContent> values)
    {
        string folder = Directory.CreateTempSubdirectory("priorclip-embed-").FullName;
        try
        {
            var paths = new List<string>(values.Count);
            for (int i = 0; i < values.Count; i++)
            {
                var content = values[i] ?? throw new ArgumentNullException(nameof(values), $"image {i} is null");
                if (!content.HasTopLevelMediaType("image"))
                    throw new ArgumentException($"input {i} ({content.Name ?? "unnamed"}) has media type '{content.MediaType}', not an image", nameof(values));
                string path = Path.Combine(folder, $"{i}.{content.MediaType.Split('/')[^1]}");
                File.WriteAllBytes(path, content.Data.ToArray());
                paths.Add(path);
            }
            var view = Parts.ImageSide.Transform(Ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }).ToList()));
            return view.GetColumn<float[]>(Parts.Encoder.Options.ImageEmbeddingColumnName).ToList();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
