using System.Runtime.CompilerServices;
using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>A control table in memory for unit tests of the services; same rules as the real adapters.</summary>
public sealed class InMemoryControlTable(TimeProvider time) : IControlTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JobRecord> _jobs = [];
    private readonly Dictionary<string, SortedDictionary<int, BatchEntry>> _batches = [];
    private readonly Dictionary<string, JobProgress> _progress = [];
    private readonly Dictionary<string, (string JobId, DateTimeOffset ExpiresAt)> _keys = [];

    public InMemoryControlTable()
        : this(TimeProvider.System)
    {
    }

    public int CommitCalls { get; private set; }

    public IReadOnlyCollection<JobRecord> Jobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.Values];
            }
        }
    }

    public Task<bool> TryCreateJobAsync(JobRecord job, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_jobs.TryAdd(job.JobId, job));
        }
    }

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_jobs.GetValueOrDefault(jobId));
        }
    }

    public Task<bool> TryUpdateJobAsync(JobRecord job, JobState expected, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(job.JobId, out var current) || current.State != expected)
            {
                return Task.FromResult(false);
            }

            _jobs[job.JobId] = job;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RecordWebhookAsync(string jobId, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(jobId, out var current))
            {
                return Task.FromResult(false);
            }

            _jobs[jobId] = current with { WebhookDelivery = delivery };
            return Task.FromResult(true);
        }
    }

    public Task DeleteJobAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _jobs.Remove(jobId);
            _batches.Remove(jobId);
            _progress.Remove(jobId);
            foreach (var key in _keys.Where(pair => pair.Value.JobId == jobId).Select(pair => pair.Key).ToList())
            {
                _keys.Remove(key);
            }

            return Task.CompletedTask;
        }
    }

    public Task<CommitOutcome> CommitBatchAsync(string jobId, BatchResult result, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CommitCalls++;
            var list = _batches.TryGetValue(jobId, out var existing) ? existing : null;
            var decision = BatchCommitRule.Decide(
                _jobs.GetValueOrDefault(jobId),
                list?.GetValueOrDefault(result.BatchIndex),
                result,
                time.GetUtcNow());
            if (decision is not { Entry: { } entry, Deltas: { } deltas })
            {
                return Task.FromResult(decision.Outcome);
            }

            list ??= _batches[jobId] = [];
            list[result.BatchIndex] = entry;
            var counters = _progress.GetValueOrDefault(jobId) ?? JobProgress.Empty;
            var named = new Dictionary<string, long>(counters.Counters ?? new Dictionary<string, long>(), StringComparer.Ordinal);
            foreach (var (name, value) in deltas.Counters)
            {
                named[name] = named.GetValueOrDefault(name) + value;
            }

            _progress[jobId] = counters with
            {
                BatchesDone = counters.BatchesDone + deltas.BatchesDone,
                BatchesFailed = counters.BatchesFailed + deltas.BatchesFailed,
                RecordsOk = counters.RecordsOk + deltas.RecordsOk,
                RecordsInvalid = counters.RecordsInvalid + deltas.RecordsInvalid,
                RecordsError = counters.RecordsError + deltas.RecordsError,
                LastCommitAt = entry.UpdatedAt,
                Counters = named,
            };
            return Task.FromResult(decision.Outcome);
        }
    }

    public Task<BatchEntry?> GetBatchAsync(string jobId, int batchIndex, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_batches.TryGetValue(jobId, out var list) ? list.GetValueOrDefault(batchIndex) : null);
        }
    }

    public Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_progress.GetValueOrDefault(jobId) ?? JobProgress.Empty);
        }
    }

    public async IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        BatchEntry[] snapshot;
        lock (_gate)
        {
            snapshot = _batches.TryGetValue(jobId, out var list) ? [.. list.Values] : [];
        }

        foreach (var entry in snapshot)
        {
            await Task.Yield();
            yield return entry;
        }
    }

    public Task<string> ClaimIdempotencyKeyAsync(string key, string jobId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // An expired claim is taken over, as the real tables do.
            if (_keys.TryGetValue(key, out var holder) && holder.ExpiresAt > time.GetUtcNow())
            {
                return Task.FromResult(holder.JobId);
            }

            _keys[key] = (jobId, expiresAt);
            return Task.FromResult(jobId);
        }
    }

    public Task ReleaseIdempotencyKeyAsync(string key, string jobId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(key, out var holder) && holder.JobId == jobId)
            {
                _keys.Remove(key);
            }

            return Task.CompletedTask;
        }
    }
}
