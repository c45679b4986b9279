using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Per-class recall and the text → image top-1 class confusion, against hand-computed values.</summary>
public sealed class SceneClassBreakdownTests
{
    [Fact]
    public void PerClassRecallAndConfusionMatchAHandWorkedProblem()
    {
        // Images (unit vectors): 0 = e0 (airport), 1 = e1 (beach), 2 = e2 (beach).
        // Captions: 0 → image 0 along e0 (hits itself); 1 → image 1 but points at e2 (retrieves image 2);
        // 2 → image 2 along e2; 3 → image 1 along e1.
        float[][] images = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        float[][] captions = [[1, 0, 0], [0, 0.1f, 1], [0, 0, 1], [0, 1, 0]];
        int[] mapping = [0, 1, 2, 1];
        string[] classes = ["airport", "beach", "beach"];

        RetrievalMetrics metrics = new MLContext().Retrieval().Evaluate(EmbeddingMatrix.FromRows(images),
            EmbeddingMatrix.FromRows(captions), mapping, classes);

        Assert.Equal([1, 2, 1, 1], metrics.TextToImage.Ranks);
        var airport = metrics.PerSceneClass!.Single(c => c.SceneClass == "airport");
        var beach = metrics.PerSceneClass!.Single(c => c.SceneClass == "beach");
        Assert.Equal((1, 1), (airport.ImageCount, airport.CaptionCount));
        Assert.Equal((2, 3), (beach.ImageCount, beach.CaptionCount));
        Assert.Equal(100, airport.TextToImageRecallAtK[1]);
        Assert.Equal(200.0 / 3, beach.TextToImageRecallAtK[1], 12);
        Assert.Equal(100, beach.TextToImageRecallAtK[5]);
        Assert.Equal(100, beach.ImageToTextRecallAtK[1]);

        SceneClassConfusionMatrix confusion = metrics.TextToImageConfusion!;
        Assert.Equal(["airport", "beach"], confusion.ClassNames);
        Assert.Equal(1, confusion.Count("airport", "airport"));
        Assert.Equal(0, confusion.Count("airport", "beach"));
        Assert.Equal(3, confusion.Count("beach", "beach"));
        Assert.Equal(4, confusion.Counts.Sum(row => row.Sum()));
        Assert.Throws<KeyNotFoundException>(() => confusion.Count("forest", "beach"));
    }

    [Fact]
    public void ConfusionRowsCountTopOneClassesOnARandomProblem()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 9, imageCount: 60, dimension: 12, captionsPerImage: 5, noise: 3f);
        string[] classes = Enumerable.Range(0, 60).Select(i => $"class{i % 4}").ToArray();

        RetrievalMetrics metrics = new MLContext().Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage, classes);

        var confusion = metrics.TextToImageConfusion!;
        for (int q = 0; q < 4; q++)
        {
            for (int r = 0; r < 4; r++)
            {
                int expected = Enumerable.Range(0, problem.Captions.Length).Count(j =>
                    classes[problem.CaptionToImage[j]] == $"class{q}" && classes[metrics.TextToImage.TopCandidates[j]] == $"class{r}");
                Assert.Equal(expected, confusion.Count($"class{q}", $"class{r}"));
            }
        }
        Assert.All(metrics.PerSceneClass!, c => Assert.Equal(75, c.CaptionCount));
        Assert.Null(new MLContext().Retrieval().Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage).PerSceneClass);
    }
}
