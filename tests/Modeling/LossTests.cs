using PriorClip.MLNet.Modeling.Configs;
using PriorClip.MLNet.Modeling.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class LossTests
{
    private static Tensor ToTensor(double[][] rows) =>
        torch.tensor(rows.SelectMany(r => r).Select(x => (float)x).ToArray(), [rows.Length, rows[0].Length]);

    private static Tensor Scalar(double x) => torch.tensor((float)x);

    private static double Value(Tensor t) => t.ToDouble();

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    public void InfoNceOfIdenticalEmbeddingsIsLnB(int batch)
    {
        var same = Enumerable.Range(0, batch).Select(_ => new[] { 0.6, 0.8, 0.0 }).ToArray();
        using var v = ToTensor(same);
        using var scale = Scalar(14.3);
        using var loss = ContrastiveLoss.Compute(v, v, scale);
        Assert.Equal(Math.Log(batch), Value(loss), 5);
    }

    [Fact]
    public void InfoNceMatchesReferenceAndIsSymmetric()
    {
        var vRows = LossReference.UnitVectors(6, 5, seed: 1);
        var tRows = LossReference.UnitVectors(6, 5, seed: 2);
        using var v = ToTensor(vRows);
        using var t = ToTensor(tRows);
        using var scale = Scalar(10);
        using var forward = ContrastiveLoss.Compute(v, t, scale);
        using var swapped = ContrastiveLoss.Compute(t, v, scale);
        Assert.Equal(LossReference.InfoNce(vRows, tRows, 10, null), Value(forward), 4);
        Assert.Equal(Value(forward), Value(swapped), 5);
    }

    [Fact]
    public void InfoNceMultiPositiveMatchesReference()
    {
        // Rows 0,1,2 are captions of image 7; rows 3,4 of image 3; row 5 alone.
        long[] ids = [7, 7, 7, 3, 3, 11];
        var vRows = LossReference.UnitVectors(6, 4, seed: 3);
        var tRows = LossReference.UnitVectors(6, 4, seed: 4);
        using var v = ToTensor(vRows);
        using var t = ToTensor(tRows);
        using var idTensor = torch.tensor(ids);
        using var scale = Scalar(5);
        using var loss = ContrastiveLoss.Compute(v, t, scale, idTensor);
        double expected = LossReference.InfoNce(vRows, tRows, 5, ids);
        Assert.Equal(expected, Value(loss), 4);
        Assert.NotEqual(LossReference.InfoNce(vRows, tRows, 5, null), expected, 3);

        using var targets = ContrastiveLoss.Targets(6, idTensor, CPU, ScalarType.Float32);
        var rowSums = targets.sum(1).data<float>().ToArray();
        Assert.All(rowSums, s => Assert.Equal(1f, s, 5));
        Assert.Equal(1f / 3, targets[0, 2].ToSingle(), 5);
        Assert.Equal(0f, targets[0, 3].ToSingle());
    }

    [Fact]
    public void AttributionMatchesReference()
    {
        long[] classes = [2, 5, 2, 9, 5, 2];
        var vRows = LossReference.UnitVectors(6, 4, seed: 5);
        var tRows = LossReference.UnitVectors(6, 4, seed: 6);
        using var v = ToTensor(vRows);
        using var t = ToTensor(tRows);
        using var c = torch.tensor(classes);
        using var scale = Scalar(1 / 0.07);
        using var loss = AttributionLoss.Compute(v, t, c, scale);
        Assert.Equal(LossReference.Attribution(vRows, tRows, classes, 1 / 0.07), Value(loss), 4);
    }

    [Fact]
    public void AttributionFallsWhenSamplesMoveTowardTheirClassCentre()
    {
        long[] classes = [0, 0, 1, 1, 2, 2, 2];
        var vRows = LossReference.UnitVectors(7, 6, seed: 7);
        var tRows = LossReference.UnitVectors(7, 6, seed: 8);
        double before = LossReference.Attribution(vRows, tRows, classes, 10);

        // Move every image and caption embedding halfway toward its class centre, the mean of the class's
        // image and text embeddings (computed here, independently), and renormalise.
        var centres = new Dictionary<long, double[]>();
        foreach (var cls in classes.Distinct())
        {
            var members = Enumerable.Range(0, classes.Length).Where(j => classes[j] == cls).ToArray();
            var centre = new double[vRows[0].Length];
            foreach (var j in members)
                for (int x = 0; x < centre.Length; x++) centre[x] += (vRows[j][x] + tRows[j][x]) / (2.0 * members.Length);
            centres[cls] = centre;
        }
        double[][] Move(double[][] rows) => rows.Select((row, i) =>
        {
            var m = row.Select((x, k) => x + 0.5 * (centres[classes[i]][k] - x)).ToArray();
            double norm = Math.Sqrt(LossReference.Dot(m, m));
            return m.Select(x => x / norm).ToArray();
        }).ToArray();
        var vMoved = Move(vRows);
        var tMoved = Move(tRows);
        Assert.True(LossReference.Attribution(vMoved, tMoved, classes, 10) < before);

        using var scale = Scalar(10);
        using var c = torch.tensor(classes);
        using var v0 = ToTensor(vRows);
        using var t0 = ToTensor(tRows);
        using var v1 = ToTensor(vMoved);
        using var t1 = ToTensor(tMoved);
        using var lossBefore = AttributionLoss.Compute(v0, t0, c, scale);
        using var lossAfter = AttributionLoss.Compute(v1, t1, c, scale);
        Assert.Equal(before, Value(lossBefore), 4);
        Assert.True(Value(lossAfter) < Value(lossBefore) - 0.05, $"before {Value(lossBefore)}, after {Value(lossAfter)}");
    }

    [Fact]
    public void AttributionOfSingleClassBatchIsZeroAndFinite()
    {
        var vRows = LossReference.UnitVectors(4, 3, seed: 9);
        using var v = ToTensor(vRows);
        using var c = torch.tensor(new long[] { 4, 4, 4, 4 });
        using var scale = Scalar(100);
        using var vg = v.clone().requires_grad_(true);
        using var loss = AttributionLoss.Compute(vg, v, c, scale);
        loss.backward();
        Assert.False(double.IsNaN(Value(loss)));
        Assert.Equal(0.0, Value(loss), 6);
        Assert.False(vg.grad!.isnan().any().ToBoolean());
    }

    [Fact]
    public void TripletMatchesReference()
    {
        long[] ids = [0, 0, 1, 2, 2];
        var vRows = LossReference.UnitVectors(5, 4, seed: 10);
        var tRows = LossReference.UnitVectors(5, 4, seed: 11);
        using var v = ToTensor(vRows);
        using var t = ToTensor(tRows);
        using var id = torch.tensor(ids);
        using var loss = TripletLoss.Compute(v, t, 0.2, id);
        double expected = LossReference.Triplet(vRows, tRows, 0.2, ids);
        Assert.True(expected > 0);
        Assert.Equal(expected, Value(loss), 4);
    }

    [Fact]
    public void TotalIsWeightedSumOfParts()
    {
        long[] ids = [0, 1, 2, 3];
        long[] classes = [0, 0, 1, 1];
        var vRows = LossReference.UnitVectors(4, 4, seed: 12);
        var tRows = LossReference.UnitVectors(4, 4, seed: 13);
        using var v = ToTensor(vRows);
        using var t = ToTensor(tRows);
        using var id = torch.tensor(ids);
        using var c = torch.tensor(classes);
        using var s1 = Scalar(20);
        using var s2 = Scalar(8);
        var config = new LossConfig { AttributionWeight = 0.5, TripletWeight = 2, TripletMargin = 0.2 };
        using var parts = new PriorClipLoss(config).Compute(v, t, id, c, s1, s2);
        double expected = LossReference.InfoNce(vRows, tRows, 20, ids) + 0.5 * LossReference.Attribution(vRows, tRows, classes, 8)
            + 2 * LossReference.Triplet(vRows, tRows, 0.2, ids);
        Assert.Equal(expected, Value(parts.Total), 4);
        Assert.NotNull(parts.Triplet);

        using var noClasses = new PriorClipLoss(new LossConfig()).Compute(v, t, id, null, s1, s2);
        Assert.Equal(0.0, Value(noClasses.Attribution));
        Assert.Null(noClasses.Triplet);
        Assert.Equal(Value(noClasses.Contrastive), Value(noClasses.Total), 6);
    }
}
