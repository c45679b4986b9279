using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Pipelines.Recipes;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.ZeroShot;
using static PriorClip.MLNet.Tests.Import.CheckpointFixtures;

namespace PriorClip.MLNet.Tests.Import;

/// <summary>Zero-shot classification with an imported checkpoint, scored by ML.NET's multiclass evaluator.</summary>
[Collection(LibTorchCollection.Name)]
public class ZeroShotTests
{
    static readonly string[] Classes = ["playground", "airport runway", "river", "parking lot"];
    static readonly string[] Templates = ["a satellite photo of {}.", "an aerial image of {}."];

    sealed class Row
    {
        public string ImagePath { get; set; } = "";
        public string Caption { get; set; } = "";
        public string SceneClass { get; set; } = "";
    }

    sealed class ClassRow
    {
        public string SceneClass { get; set; } = "";
    }

    [Fact]
    public void ScoresAreTheSoftmaxOfPromptSimilaritiesAndTheEvaluatorAgrees()
    {
        var ml = new MLContext(seed: 1).RegisterPriorClip();
        var model = ClipCheckpointPipeline.Import(ml, Path("vit_hf", "model.safetensors")).Model;
        var parts = RetrievalModelParts.From(model);
        // Arbitrary true classes for the four fixture images: what matters is that the evaluator scores our outputs.
        string[] truth = ["river", "playground", "river", "parking lot"];
        var rows = ml.Data.LoadFromEnumerable(Images("vit").Select((p, i) => new Row { ImagePath = p, SceneClass = truth[i] }).ToList());
        var embedded = ml.Data.Cache(parts.ImageSide.Transform(rows), "ImageEmbedding", "SceneClass");
        var zeroShot = ml.Transforms.PriorClipZeroShot(parts.TextSide, Classes, Templates).Fit(embedded);
        var scored = zeroShot.Transform(embedded);

        // Independent computation from the text side's own prompt embeddings.
        var prompts = Classes.SelectMany(c => Templates.Select(t => t.Replace("{}", c))).ToList();
        var promptEmbeddings = parts.TextSide.Transform(ml.Data.LoadFromEnumerable(prompts.Select(p => new Row { Caption = p }).ToList()))
            .GetColumn<float[]>("TextEmbedding").ToArray();
        var classVectors = Classes.Select((_, c) => Normalize(Enumerable.Range(0, promptEmbeddings[0].Length)
            .Select(j => Templates.Select((_, t) => Normalize(promptEmbeddings[c * Templates.Length + t])[j]).Sum()).ToArray())).ToArray();
        var images = embedded.GetColumn<float[]>("ImageEmbedding").ToArray();
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        int correct = 0;
        for (int i = 0; i < images.Length; i++)
        {
            var logits = classVectors.Select(v => 100.0 * v.Zip(images[i], (a, b) => (double)a * b).Sum()).ToArray();
            double max = logits.Max(), z = logits.Sum(l => Math.Exp(l - max));
            for (int c = 0; c < Classes.Length; c++) Assert.Equal(Math.Exp(logits[c] - max) / z, scores[i][c], 4);
            int best = Array.IndexOf(logits, max);
            Assert.Equal((uint)best + 1, predicted[i]);
            if (Classes[best] == truth[i]) correct++;
        }

        var keys = ml.Data.LoadFromEnumerable(Classes.Select(c => new ClassRow { SceneClass = c }).ToList());
        var labelled = ml.Transforms.Conversion.MapValueToKey("Label", "SceneClass", keyData: keys).Fit(scored).Transform(scored);
        var metrics = ml.MulticlassClassification.Evaluate(labelled, "Label", "Score", "PredictedLabel");
        Assert.Equal((double)correct / images.Length, metrics.MicroAccuracy, 9);
        Assert.Equal(images.Length, metrics.ConfusionMatrix.Counts.Sum(r => r.Sum()));

        // PredictedLabel maps back to the class names; the step round-trips through a .zip.
        var names = ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(scored).Transform(scored).GetColumn<string>("PredictedName").ToArray();
        Assert.Equal(predicted.Select(p => Classes[p - 1]), names);
        string zip = System.IO.Path.GetTempFileName();
        try
        {
            ml.Model.Save(zeroShot, embedded.Schema, zip);
            var loaded = new MLContext().RegisterPriorClip().Model.Load(zip, out _);
            var again = loaded.Transform(embedded).GetColumn<float[]>("Score").ToArray();
            for (int i = 0; i < scores.Length; i++) Assert.Equal(scores[i], again[i]);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public void BadClassesAndTemplatesAreNamed()
    {
        var ml = new MLContext();
        var model = ClipCheckpointPipeline.Import(ml, Path("vit_hf", "model.safetensors")).Model;
        var text = RetrievalModelParts.From(model).TextSide;
        Assert.Contains("'river' appears 2 times", Assert.Throws<ArgumentException>(() => ml.Transforms.PriorClipZeroShot(text, ["river", "river"])).Message);
        Assert.Contains("must contain '{}' exactly once", Assert.Throws<ArgumentException>(() => ml.Transforms.PriorClipZeroShot(text, ["a", "b"], ["no slot"])).Message);
    }

    static float[] Normalize(float[] v)
    {
        double n = Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => (float)(x / n)).ToArray();
    }
}
