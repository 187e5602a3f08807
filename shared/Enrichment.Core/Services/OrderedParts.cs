using System.Runtime.CompilerServices;

namespace Enrichment.Core.Services;

/// <summary>
/// A job's batches in batch order, each with its part read whole (null for a failed batch, whose rows
/// the aggregate makes from the kept input). Parts are read up to a read-ahead of batches in parallel:
/// on S3 each read is a round trip, so one at a time capped a job's size within the aggregate's 15
/// minutes. The caller disposes each part it is given; parts still in flight when the enumeration
/// ends (finished, failed or cancelled) are cancelled, observed and given back here.
/// </summary>
internal static class OrderedParts
{
    public static async IAsyncEnumerable<(int Batch, PartBuffer? Part)> ReadAsync(
        IControlTable table,
        IObjectStore store,
        JobRecord job,
        IReadOnlyDictionary<int, FailedBatchSummary> failed,
        int readAhead,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The batch items come in batch order: walked beside the loop, they name each batch's part
        // without holding the job's items.
        await using var entries = table.ListBatchesAsync(job.JobId, cancellationToken).GetAsyncEnumerator(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ahead = new Queue<(int Batch, Task<PartBuffer>? Part)>();
        var hasEntry = await entries.MoveNextAsync();
        var next = 0;
        try
        {
            while (next < job.TotalBatches || ahead.Count > 0)
            {
                for (; next < job.TotalBatches && ahead.Count < Math.Max(1, readAhead); next++)
                {
                    while (hasEntry && entries.Current.BatchIndex < next)
                    {
                        hasEntry = await entries.MoveNextAsync();
                    }

                    var partId = hasEntry && entries.Current.BatchIndex == next ? entries.Current.PartId : null;
                    ahead.Enqueue((next, failed.ContainsKey(next) ? null : ReadPartAsync(store, job.JobId, next, partId, stop.Token)));
                }

                var (batch, part) = ahead.Peek();
                var read = part is null ? null : await part;
                ahead.Dequeue();
                yield return (batch, read);
            }
        }
        finally
        {
            // A write that failed leaves reads in flight: stop them, let none fail unobserved, and give their buffers back.
            await stop.CancelAsync();
            foreach (var (_, part) in ahead)
            {
                if (part is not null)
                {
                    await part.ContinueWith(static read => { if (read.IsCompletedSuccessfully) { read.Result.Dispose(); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }
    }

    /// <summary>A done batch's part, whole (a part is one batch: small enough to hold several ahead).</summary>
    private static Task<PartBuffer> ReadPartAsync(IObjectStore store, string jobId, int batch, string? partId, CancellationToken cancellationToken) =>
        PartBuffer.ReadAsync(store, JobKeys.Part(jobId, batch, partId), $"the part of batch {batch}, counted done,", cancellationToken);
}
