using System.Collections.Concurrent;

namespace PriorClip.MLNet.Trainers.Data;

/// <summary>
/// Prepares batches on a background task, a few ahead of the training loop, so that image
/// copying and augmentation overlap with the forward and backward passes.
/// </summary>
internal sealed class BatchProducer : IDisposable
{
    readonly BlockingCollection<(int Index, TrainingBatch Batch)> _queue;
    readonly CancellationTokenSource _stop;
    readonly Task _worker;

    /// <summary>Starts producing <paramref name="build"/>(i) for i = <paramref name="first"/> … <paramref name="count"/> − 1.</summary>
    public BatchProducer(int first, int count, Func<int, TrainingBatch> build, int capacity, CancellationToken cancellation)
    {
        _queue = new BlockingCollection<(int, TrainingBatch)>(capacity);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = _stop.Token;
        _worker = Task.Run(() =>
        {
            try
            {
                for (int i = first; i < count; i++)
                    _queue.Add((i, build(i)), token);
            }
            finally
            {
                _queue.CompleteAdding();
            }
        }, token);
    }

    /// <summary>The batches in order; rethrows a failure of the background work.</summary>
    public IEnumerable<(int Index, TrainingBatch Batch)> Batches()
    {
        foreach (var item in _queue.GetConsumingEnumerable(_stop.Token))
            yield return item;
        // Surfaces an exception of the producer (the queue was completed by its finally block).
        _worker.GetAwaiter().GetResult();
    }

    /// <summary>Stops the producer and waits for it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try { _worker.Wait(); } catch (AggregateException) { } // cancelled or already reported
        _queue.Dispose();
        _stop.Dispose();
    }
}
