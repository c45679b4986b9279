using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

namespace PriorClip.Cli.Commands;

/// <summary>
/// <c>priorclip doctor</c>: checks that LibTorch loads from this build's output and runs a
/// forward and backward pass, and reports threads and CUDA devices. It is the first thing to
/// run on a new machine (and what CI runs on the published output).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that LibTorch loads and runs here; report threads and CUDA devices.");
        command.SetAction(_ => Run());
        return command;
    }

    static int Run()
    {
        Console.WriteLine($"runtime        {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})");
        Console.WriteLine($"TorchSharp     {typeof(torch).Assembly.GetName().Version}");
        try
        {
            var clock = Stopwatch.StartNew();
            using var w = torch.ones(8, 8, requires_grad: true);
            using var x = torch.full(8, 8, 0.5f);
            using var loss = torch.matmul(x, w).sum();
            loss.backward();
            float grad = w.grad!.sum().item<float>();
            // d(sum(x @ w))/dw[i,j] = sum_k x[k,i] = 8 * 0.5 = 4, so the gradient sums to 256.
            if (Math.Abs(grad - 256f) > 1e-3f)
                throw new InvalidOperationException($"backward produced {grad}, expected 256");
            Console.WriteLine($"LibTorch       loaded; forward+backward ok in {clock.ElapsedMilliseconds} ms");
            Console.WriteLine($"CPU threads    {torch.get_num_threads()}");
            bool cuda = torch.cuda.is_available();
            Console.WriteLine($"CUDA           {(cuda ? $"{torch.cuda.device_count()} device(s)" : "not available (CPU LibTorch or no GPU)")}");
            return 0;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: LibTorch does not run from {AppContext.BaseDirectory}: {e.GetBaseException().Message}");
            Console.Error.WriteLine("hint: build with the repository's build (it patches libLibTorchSharp.so for older libstdc++); see README 'Troubleshooting'.");
            return Program.Failure;
        }
    }
}
