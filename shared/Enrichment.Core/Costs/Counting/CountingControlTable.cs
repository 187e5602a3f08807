using System.Runtime.CompilerServices;

namespace Enrichment.Core.Costs.Counting;

/// <summary>
/// Counts the control table's calls into the current <see cref="UsageTally"/> as DynamoDB units,
/// by <see cref="RequestUnits"/> (so the units are derived from counted calls). A commit that
/// retries after a conflict is counted once.
/// </summary>
public sealed class CountingControlTable(IControlTable inner, IUsageTallyAccessor usage) : IControlTable
{
    /// <summary>The adapter counted.</summary>
    public IControlTable Inner => inner;

    public Task<bool> TryCreateJobAsync(JobRecord job, CancellationToken cancellationToken)
    {
        Write(RequestUnits.JobWriteUnits);
        return inner.TryCreateJobAsync(job, cancellationToken);
    }

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        Read(RequestUnits.ItemReadUnits);
        return inner.GetJobAsync(jobId, cancellationToken);
    }

    public Task<bool> TryUpdateJobAsync(JobRecord job, JobState expected, CancellationToken cancellationToken)
    {
        Write(RequestUnits.JobWriteUnits);
        return inner.TryUpdateJobAsync(job, expected, cancellationToken);
    }

    public Task DeleteJobAsync(string jobId, CancellationToken cancellationToken)
    {
        Read(RequestUnits.ItemReadUnits);
        Write(RequestUnits.JobWriteUnits);
        return inner.DeleteJobAsync(jobId, cancellationToken);
    }

    public Task<CommitOutcome> CommitBatchAsync(string jobId, BatchResult result, CancellationToken cancellationToken)
    {
        usage.Count(new AwsUsage { DynamoDbReadUnits = RequestUnits.CommitReadUnits, DynamoDbWriteUnits = RequestUnits.CommitWriteUnits });
        return inner.CommitBatchAsync(jobId, result, cancellationToken);
    }

    public Task<BatchEntry?> GetBatchAsync(string jobId, int batchIndex, CancellationToken cancellationToken)
    {
        Read(RequestUnits.ItemReadUnits);
        return inner.GetBatchAsync(jobId, batchIndex, cancellationToken);
    }

    public Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        Read(RequestUnits.ProgressReadUnits);
        return inner.GetProgressAsync(jobId, cancellationToken);
    }

    public async IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long items = 0;
        await foreach (var entry in inner.ListBatchesAsync(jobId, cancellationToken))
        {
            if (items++ % RequestUnits.BatchItemsPerReadUnit == 0)
            {
                Read(1);
            }

            yield return entry;
        }
    }

    public Task<string> ClaimIdempotencyKeyAsync(string key, string jobId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        Write(RequestUnits.ClaimWriteUnits);
        return inner.ClaimIdempotencyKeyAsync(key, jobId, expiresAt, cancellationToken);
    }

    public Task ReleaseIdempotencyKeyAsync(string key, string jobId, CancellationToken cancellationToken)
    {
        Write(RequestUnits.ClaimWriteUnits);
        return inner.ReleaseIdempotencyKeyAsync(key, jobId, cancellationToken);
    }

    public Task<bool> RecordWebhookAsync(string jobId, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        Write(RequestUnits.WebhookWriteUnits);
        return inner.RecordWebhookAsync(jobId, delivery, cancellationToken);
    }

    private void Read(long units) => usage.Count(new AwsUsage { DynamoDbReadUnits = units });

    private void Write(long units) => usage.Count(new AwsUsage { DynamoDbWriteUnits = units });
}
