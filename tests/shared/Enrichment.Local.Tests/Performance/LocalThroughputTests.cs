using System.Diagnostics;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Jobs;
using Enrichment.Core.Serialization;
using Enrichment.Local.ControlTable;
using Enrichment.Local.Queue;
using Enrichment.Testing.Jobs;

namespace Enrichment.Local.Tests.Performance;

/// <summary>
/// A million-record job is 10,000 batches of 100: every one must cross the local queue and the
/// control table once. The time it takes is printed for reading, never asserted (speed is measured
/// by `bench`).
/// </summary>
[NonParallelizable]
public sealed class LocalThroughputTests
{
    [Test]
    public async Task TenThousandBatches_FlowThroughQueueAndControlTable_EachCommittedOnceAndDeleted()
    {
        const int batches = 10_000;
        using var directory = new TempDirectory();
        using var queues = new LocalQueueSet(directory.Path, TimeProvider.System, maxReceiveCount: 5, TimeSpan.FromSeconds(60));
        using var table = new SqliteControlTable(directory.Path, TimeProvider.System);
        var now = TimeProvider.System.GetUtcNow();
        await table.TryCreateJobAsync(
            TestJobs.Create("perf", JobState.Processing, now) with { ExpiresAt = now.AddDays(1), TotalRecords = batches * 100L, TotalBatches = batches },
            CancellationToken.None);
        var rows = Enumerable.Range(0, 100).Select(i => new BatchRow(i, ["ann.lee@example.com", "+44 20 7946 0958", "Ann", "Lee", "Example Ltd"])).ToList();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = 0;
        var clock = Stopwatch.StartNew();

        for (var start = 0; start < batches; start += 500)
        {
            var chunk = Enumerable.Range(start, 500).Select(i => new BatchMessage("perf", 0, i, rows)).ToList();
            await queues.BatchQueue.SendAsync(chunk, CancellationToken.None);
        }

        var sent = clock.Elapsed;
        var poller = new LocalEventSourcePoller(
            queues.Main,
            async (messages, token) =>
            {
                foreach (var message in messages)
                {
                    var batch = JsonSerializer.Deserialize(message.Body, EnrichmentJsonContext.Default.BatchMessage)!;
                    await table.CommitBatchAsync(batch.JobId, new BatchResult(batch.BatchIndex, BatchStatus.Done, 100, 100, 0, 0, null), token);
                    if (Interlocked.Increment(ref committed) == batches)
                    {
                        all.TrySetResult();
                    }
                }

                return [];
            },
            new LocalEventSourceOptions { BatchSize = 10, Concurrency = 4, WaitTime = TimeSpan.FromSeconds(1) });
        using var stop = new CancellationTokenSource();
        var running = poller.RunAsync(stop.Token);
        await all.Task.WaitAsync(TimeSpan.FromMinutes(5));
        await stop.CancelAsync();
        await running;
        var total = clock.Elapsed;
        TestContext.Progress.WriteLine($"sent {batches} batches in {sent.TotalSeconds:F1}s; received, committed and deleted all in {total.TotalSeconds:F1}s");

        var progress = await table.GetProgressAsync("perf", CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(batches));
        Assert.That(progress.RecordsOk, Is.EqualTo(batches * 100L));
        Assert.That(await queues.Main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
    }
}
