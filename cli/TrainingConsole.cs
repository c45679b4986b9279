using PriorClip.MLNet.Trainers;

namespace PriorClip.Cli;

/// <summary>Shows training progress: a live batch counter on a terminal, one line per epoch always.</summary>
internal sealed class TrainingConsole : IProgress<PriorClipTrainingProgress>
{
    public void Report(PriorClipTrainingProgress p)
    {
        if (p.Phase == TrainingPhase.Validation)
        {
            ClearLine();
            Console.WriteLine($"  {p.Message}");
        }
        else if (p.Batch == p.Batches && p.Phase == TrainingPhase.Prior)
        {
            ClearLine();
            Console.WriteLine($"  scene prior epoch {p.Epoch + 1}/{p.Epochs} done (last batch loss {p.Loss:F3})");
        }
        else if (!Console.IsOutputRedirected)
        {
            Console.Write($"\r  {p.Message}    ");
        }
    }

    static void ClearLine()
    {
        if (!Console.IsOutputRedirected) Console.Write("\r" + new string(' ', Math.Max(0, Console.WindowWidth - 1)) + "\r");
    }
}
