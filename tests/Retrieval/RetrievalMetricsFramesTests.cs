using Microsoft.Data.Analysis;
using Microsoft.ML;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>The evaluation results as DataFrames hold exactly the evaluator's ranks and top candidates.</summary>
public class RetrievalMetricsFramesTests
{
    // Three images on the axes; captions 0-1 belong to image 0, 2-3 to image 1, 4-5 to image 2. Caption 3 points at
    // image 2 instead (its own image ranks 2nd) and caption 5 at image 0 (rank 2): a known answer for every row.
    static RetrievalMetrics Evaluate()
    {
        var images = new EmbeddingMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3);
        var texts = new EmbeddingMatrix([1, 0.1f, 0, 0.9f, 0, 0.2f, 0, 1, 0.1f, 0, 0.4f, 1, 0.1f, 0, 1, 1, 0, 0.6f], 6, 3);
        return new MLContext().Retrieval().Evaluate(images, texts, [0, 0, 1, 1, 2, 2], ["field", "river", "field"]);
    }

    [Fact]
    public void TheCaptionFrameHasOneRowPerCaptionWithItsImageRankAndTop1()
    {
        var metrics = Evaluate();
        var frame = metrics.ToCaptionFrame(["a", "b", "c", "d", "e", "f"]);
        Assert.Equal(6, frame.Rows.Count);
        Assert.Equal(["Caption", "Image", "Rank", "Top1"], frame.Columns.Select(c => c.Name));
        Assert.Equal(metrics.TextToImage.Ranks, ((PrimitiveDataFrameColumn<int>)frame["Rank"]).Select(v => v!.Value));
        Assert.Equal([1, 1, 1, 2, 1, 2], ((PrimitiveDataFrameColumn<int>)frame["Rank"]).Select(v => v!.Value));
        Assert.Equal(["0", "0", "1", "1", "2", "2"], ((StringDataFrameColumn)frame["Image"]).ToArray());
        Assert.Equal("2", frame["Top1"][3]);
        Assert.Equal("d", frame["Caption"][3]);
        // Sorting and filtering work as on any DataFrame: the two captions whose own image is not first.
        var missed = frame.Filter(((PrimitiveDataFrameColumn<int>)frame["Rank"]).ElementwiseGreaterThan(1));
        Assert.Equal(["d", "f"], ((StringDataFrameColumn)missed["Caption"]).ToArray());
        Assert.Throws<ArgumentException>(() => metrics.ToCaptionFrame(["too few"]));
        Assert.Equal(Enumerable.Range(0, 6), ((PrimitiveDataFrameColumn<int>)metrics.ToCaptionFrame()["Caption"]).Select(v => v!.Value));
    }

    [Fact]
    public void TheImageAndSceneClassFramesFollowTheEvaluator()
    {
        var metrics = Evaluate();
        var images = metrics.ToImageFrame();
        Assert.Equal(3, images.Rows.Count);
        Assert.Equal(metrics.ImageToText.Ranks, ((PrimitiveDataFrameColumn<int>)images["Rank"]).Select(v => v!.Value));
        Assert.Equal(metrics.ImageToText.TopCandidates, ((PrimitiveDataFrameColumn<int>)images["Top1Caption"]).Select(v => v!.Value));
        Assert.Equal(metrics.ImageToText.TopCandidates.Select((c, i) => metrics.CaptionToImage[c] == i),
            ((BooleanDataFrameColumn)images["Top1IsOwn"]).Select(v => v!.Value));

        var classes = metrics.ToSceneClassFrame();
        Assert.Equal(metrics.PerSceneClass!.Select(c => c.SceneClass), ((StringDataFrameColumn)classes["SceneClass"]).ToArray());
        Assert.Equal(metrics.PerSceneClass!.Select(c => c.MeanRecall), ((PrimitiveDataFrameColumn<double>)classes["mR"]).Select(v => v!.Value));
        Assert.Equal(metrics.PerSceneClass!.Select(c => c.TextToImageRecallAtK[1]), ((PrimitiveDataFrameColumn<double>)classes["TextToImage_R@1"]).Select(v => v!.Value));
        Assert.Equal(2, (int)classes["Images"][0]!);
    }
}
