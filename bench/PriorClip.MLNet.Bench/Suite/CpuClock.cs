using System.Diagnostics;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>
/// The process's CPU time (all threads) since it was started: next to wall time, it tells work from waiting, which on a
/// shared machine is what separates an overhead of ours from a neighbour's load.
/// </summary>
internal readonly struct CpuClock
{
    readonly TimeSpan _start;

    CpuClock(TimeSpan start) => _start = start;

    public static CpuClock Start() => new(Now());

    public double ElapsedMilliseconds => (Now() - _start).TotalMilliseconds;

    static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
