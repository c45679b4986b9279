using System.Diagnostics;

namespace PriorClip.MLNet.Bench.Suite;

/// <summary>Repeats an action, discarding warm-up runs, and returns the wall milliseconds of the rest.</summary>
internal static class Stopwatches
{
    public static SampleStats Milliseconds(Action action, int warmups, int repeats)
    {
        for (int i = 0; i < warmups; i++) action();
        var times = new List<double>(repeats);
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return SampleStats.Of(times);
    }
}
