namespace PriorClip.Cli;

/// <summary>
/// A one-line progress counter on standard error: rewritten in place on a terminal, printed
/// at every tenth when the output is redirected (logs stay short).
/// </summary>
internal sealed class ConsoleLineProgress(string unit, int total) : IProgress<int>
{
    int _lastTenth = -1;
    readonly object _gate = new();

    public void Report(int done)
    {
        lock (_gate)
        {
            if (!Console.IsErrorRedirected)
            {
                Console.Error.Write($"\r  {done}/{total} {unit}");
                return;
            }
            int tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            Console.Error.WriteLine($"  {done}/{total} {unit}");
        }
    }

    public void Done()
    {
        if (!Console.IsErrorRedirected) Console.Error.WriteLine();
    }
}
