using PriorClip.MLNet.Trainers.Checkpoints;
using PriorClip.MLNet.Trainers.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Tests.Trainers;

[Collection(LibTorchCollection.Name)]
public class TrainingCheckpointTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static nn.Module<Tensor, Tensor> NewModel() => nn.Sequential(("fc1", nn.Linear(4, 8)), ("ln", nn.LayerNorm(8)), ("fc2", nn.Linear(8, 2)));

    static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int seed)
    {
        torch.manual_seed(seed);
        using var x = torch.randn(5, 4);
        optimizer.zero_grad();
        using var loss = model.forward(x).pow(2).mean();
        loss.backward();
        optimizer.step();
    }

    [Fact]
    public void ResumedRunTakesTheSameNextStepAsAnUninterruptedOne()
    {
        torch.manual_seed(1);
        var model = NewModel();
        var optimizer = AdamWFactory.Create(model, 1e-2, 0.1, 0.9, 0.98);
        Step(model, optimizer, 10);
        var path = Path.Combine(_dir, "last.ckpt");
        TrainingCheckpoint.Save(path, model, optimizer, new TrainingState { Epoch = 2, BatchInEpoch = 3, GlobalStep = 11, BestEpoch = 1, BestScore = 55.5 });

        torch.manual_seed(99); // different initial weights: all of them must come from the file
        var resumed = NewModel();
        var resumedOptimizer = AdamWFactory.Create(resumed, 1e-2, 0.1, 0.9, 0.98);
        var state = TrainingCheckpoint.Load(path, resumed, resumedOptimizer);
        Assert.Equal((2, 3, 11L, 1, 55.5), (state.Epoch, state.BatchInEpoch, state.GlobalStep, state.BestEpoch, state.BestScore));

        Step(model, optimizer, 20);
        Step(resumed, resumedOptimizer, 20);
        var expected = model.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var actual = resumed.parameters().Select(p => p.data<float>().ToArray()).ToList();
        Assert.Equal(expected, actual); // bit-identical, Adam moments included
    }

    [Fact]
    public void TruncatedCheckpointIsRejectedWithItsPath()
    {
        var model = NewModel();
        var optimizer = AdamWFactory.Create(model, 1e-2, 0.1, 0.9, 0.98);
        var path = Path.Combine(_dir, "cut.ckpt");
        TrainingCheckpoint.Save(path, model, optimizer, new TrainingState());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, model, optimizer));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void WeightDecayExemptsBiasesNormsAndFrozenParameters()
    {
        var model = NewModel();
        var fc1 = (TorchSharp.Modules.Linear)model.named_children().Single(c => c.name == "fc1").module;
        fc1.bias!.requires_grad = false;
        var (decay, noDecay) = PriorClip.MLNet.Modeling.WeightDecayGroups.Split(model.parameters());
        var names = model.named_parameters().ToDictionary(p => p.parameter.Handle, p => p.name);
        Assert.Equal(["fc1.weight", "fc2.weight"], decay.Select(p => names[p.Handle]));
        Assert.Equal(["ln.weight", "ln.bias", "fc2.bias"], noDecay.Select(p => names[p.Handle]));
    }
}
