using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Transforms;

namespace PriorClip.MLNet.Tests.Trainers;

/// <summary>
/// A small learnable image–caption set built in memory: each image is a coloured background
/// (its scene class) with 1–3 white squares, and its captions name the colour and the count.
/// </summary>
internal static class TinyRetrievalData
{
    public const int Size = 32;
    static readonly (string Name, float R, float G, float B)[] Colours =
        [("red", 200, 30, 30), ("green", 30, 180, 40), ("blue", 30, 40, 200), ("yellow", 220, 210, 40)];
    static readonly string[] Counts = ["one", "two", "three"];

    public sealed class Row
    {
        [VectorType(3 * Size * Size)] public float[] Pixels { get; set; } = [];
        public string Caption { get; set; } = "";
        public string ImageId { get; set; } = "";
        public string SceneClass { get; set; } = "";
    }

    /// <summary>Rows for <paramref name="images"/> images (two captions each), deterministic from <paramref name="seed"/>.</summary>
    public static List<Row> Rows(int images, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < images; i++)
        {
            var colour = Colours[i % Colours.Length];
            int count = 1 + i / Colours.Length % Counts.Length;
            var pixels = new float[3 * Size * Size];
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                {
                    pixels[y * Size + x] = colour.R;
                    pixels[Size * Size + y * Size + x] = colour.G;
                    pixels[2 * Size * Size + y * Size + x] = colour.B;
                }
            for (int k = 0; k < count; k++)
            {
                int top = 2 + 10 * k, left = rng.Next(2, Size - 8);
                for (int y = top; y < top + 6; y++)
                    for (int x = left; x < left + 6; x++)
                        for (int c = 0; c < 3; c++) pixels[c * Size * Size + y * Size + x] = 255;
            }
            string id = $"{colour.Name}_{i:D3}";
            rows.Add(new Row { Pixels = pixels, Caption = $"a {colour.Name} scene with {Counts[count - 1]} white squares", ImageId = id, SceneClass = colour.Name });
            rows.Add(new Row { Pixels = pixels, Caption = $"{Counts[count - 1]} squares on {colour.Name} ground", ImageId = id, SceneClass = colour.Name });
        }
        return rows;
    }

    /// <summary>The <c>tiny</c> config shrunk to 32 px images (2×2 token grid) for fast tests.</summary>
    public static PriorClipModelConfig Config()
    {
        var tiny = PriorClipModelConfig.Load("tiny");
        return tiny with
        {
            EmbedDim = 32,
            Vision = tiny.Vision with { ImageSize = Size, StageWidths = [8, 16, 32, 32], ConvsPerStage = 1 },
            Text = tiny.Text with { Width = 32, Layers = 1, Heads = 2 },
            Instruction = tiny.Instruction with { ClassifierStageWidths = [8, 8, 16, 16] },
            ImageHead = tiny.ImageHead with { TopK = 3, Layers = 1, Heads = 2 },
            TextHead = tiny.TextHead with { Layers = 1, Heads = 2 },
        };
    }

    /// <summary>The rows tokenized with a word vocabulary learned from <paramref name="train"/>.</summary>
    public static (IDataView Train, IDataView Valid) Tokenized(MLContext ml, List<Row> train, List<Row> valid)
    {
        var trainView = ml.Data.LoadFromEnumerable(train);
        var tokenizer = ml.Transforms.PriorClipTokenize(maxWords: 10).Fit(trainView);
        return (tokenizer.Transform(trainView), tokenizer.Transform(ml.Data.LoadFromEnumerable(valid)));
    }
}
