using System.Diagnostics;
using PriorClip.MLNet.Modeling;
using PriorClip.MLNet.Modeling.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Bench;

/// <summary>Modeling measurements: parameter/FLOP table, training-step wall time, per-phase CPU time.</summary>
internal static class ModelingBenchmarks
{
    public static void Complexity(string[] names)
    {
        Console.WriteLine("| config | total params | trainable | visual | text | built-in prior | image GFLOPs | text GFLOPs (full context) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in names)
        {
            using var model = PriorClipModelFactory.Create(name, seed: 0);
            var r = ModelComplexity.Measure(model);
            Console.WriteLine($"| {name} | {M(r.TotalParameters)} | {M(r.TrainableParameters)} | {M(r.VisualParameters)} | {M(r.TextParameters)} | {M(r.PriorParameters)} | {r.ImageFlops / 1e9:F3} | {r.TextFlops / 1e9:F3} |");
        }
        static string M(long n) => $"{n / 1e6:F2} M";
    }

    public static void Step(string name, int batch, int steps)
    {
        using var model = PriorClipModelFactory.Create(name, seed: 0);
        using var step = new Suite.RawTrainingStep(model, batch, (batch + 1) / 2, model.ContextLength, sceneClasses: 12); // two captions per image
        var ms = Suite.Stopwatches.Milliseconds(step.Step, warmups: 1, repeats: steps);
        Console.WriteLine($"{name}: training step (forward + backward + AdamW), batch {batch}, {model.ImageSize} px, L = {model.ContextLength}, " +
            $"torch threads {torch.get_num_threads()}: median {ms.Median:F0} ms, min {ms.Min:F0} ms, max {ms.Max:F0} ms over {steps} steps");
    }

    // CPU time (not wall time: robust on a shared machine) of each phase of a training step, averaged over 3 steps.
    public static void Profile(string name, int batch)
    {
        using var model = PriorClipModelFactory.Create(name, seed: 0);
        model.train();
        var g = new torch.Generator(1);
        using var pixels = torch.randn([batch, 3, model.ImageSize, model.ImageSize], generator: g);
        using var instruction = model.RequiresExternalInstruction ? torch.randn([batch, model.InstructionWidth], generator: g) : null;
        using var ids = torch.randint(2, model.VocabSize - 1, [batch, model.ContextLength], generator: g);
        using var mask = torch.ones_like(ids);
        using var imageIds = torch.arange(batch, dtype: ScalarType.Int64);
        using var classes = torch.arange(batch, dtype: ScalarType.Int64).remainder(12);
        using var optimizer = torch.optim.AdamW(model.TrainableParameters(), lr: 1e-4);
        var proc = Process.GetCurrentProcess();
        double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalMilliseconds; }
        var totals = new double[5];
        for (int step = 0; step < 4; step++)
        {
            using var scope = torch.NewDisposeScope();
            var t = new double[6];
            t[0] = Cpu();
            var v = model.EncodeImage(pixels, instruction); t[1] = Cpu();
            var e = model.EncodeText(ids, mask); t[2] = Cpu();
            var parts = model.ComputeLoss(v, e, imageIds, classes); t[3] = Cpu();
            parts.Total.backward(); t[4] = Cpu();
            optimizer.step(); optimizer.zero_grad(); t[5] = Cpu();
            if (step > 0) for (int i = 0; i < 5; i++) totals[i] += (t[i + 1] - t[i]) / 3;
        }
        Console.WriteLine($"{name} batch {batch}, threads {torch.get_num_threads()}, CPU ms: image fwd {totals[0]:F0}, text fwd {totals[1]:F0}, loss {totals[2]:F0}, backward {totals[3]:F0}, AdamW {totals[4]:F0}");
    }
}
