using System.Runtime.CompilerServices;
using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>A control table in memory for unit tests of the services; same rules as the real adapters.</summary>
public sealed class InMemoryControlTable(TimeProvider time) : IControlTable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, JobRecord> jobs = [];
    private readonly Dictionary<string, SortedDictionary<int, BatchEntry>> batches = [];
    private readonly Dictionary<string, JobProgress> progress = [];
    private readonly Dictionary<string, string> keys = [];

    public InMemoryControlTable()
        : this(TimeProvider.System)
    {
    }

    public int CommitCalls { get; private set; }

    public IReadOnlyCollection<JobRecord> Jobs
    {
        get
        {
            lock (gate)
            {
                return [.. jobs.Values];
            }
        }
    }

    public Task<bool> TryCreateJobAsync(JobRecord job, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(jobs.TryAdd(job.JobId, job));
        }
    }

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(jobs.GetValueOrDefault(jobId));
        }
    }

    public Task<bool> TryUpdateJobAsync(JobRecord job, JobState expected, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!jobs.TryGetValue(job.JobId, out var current) || current.State != expected)
            {
                return Task.FromResult(false);
            }

            jobs[job.JobId] = job;
            return Task.FromResult(true);
        }
    }

    public Task DeleteJobAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            jobs.Remove(jobId);
            batches.Remove(jobId);
            progress.Remove(jobId);
            return Task.CompletedTask;
        }
    }

    public Task<CommitOutcome> CommitBatchAsync(string jobId, BatchResult result, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            CommitCalls++;
            var list = batches.TryGetValue(jobId, out var existing) ? existing : batches[jobId] = [];
            var counters = progress.GetValueOrDefault(jobId) ?? JobProgress.Empty;
            list.TryGetValue(result.BatchIndex, out var previous);
            var allowed = previous is null || (previous.Status == BatchStatus.Failed && result.Status == BatchStatus.Done);
            if (!allowed)
            {
                return Task.FromResult(CommitOutcome.AlreadyCounted);
            }

            var now = time.GetUtcNow();
            list[result.BatchIndex] = new BatchEntry(result.BatchIndex, result.Status, result.Records, result.Reason, now);
            var failedDelta = (result.Status == BatchStatus.Failed ? 1 : 0) - (previous is null ? 0 : 1);
            progress[jobId] = counters with
            {
                BatchesDone = counters.BatchesDone + (result.Status == BatchStatus.Done ? 1 : 0),
                BatchesFailed = counters.BatchesFailed + failedDelta,
                RecordsOk = counters.RecordsOk + result.Ok,
                RecordsInvalid = counters.RecordsInvalid + result.Invalid,
                RecordsError = counters.RecordsError + result.Error,
                LastCommitAt = now,
            };
            return Task.FromResult(CommitOutcome.Counted);
        }
    }

    public Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(progress.GetValueOrDefault(jobId) ?? JobProgress.Empty);
        }
    }

    public async IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BatchEntry[] snapshot;
        lock (gate)
        {
            snapshot = batches.TryGetValue(jobId, out var list) ? [.. list.Values] : [];
        }

        foreach (var entry in snapshot)
        {
            await Task.Yield();
            yield return entry;
        }
    }

    public Task<string> ClaimIdempotencyKeyAsync(string key, string jobId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(keys.TryAdd(key, jobId) ? jobId : keys[key]);
        }
    }

    public Task ReleaseIdempotencyKeyAsync(string key, string jobId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (keys.TryGetValue(key, out var holder) && holder == jobId)
            {
                keys.Remove(key);
            }

            return Task.CompletedTask;
        }
    }
}
