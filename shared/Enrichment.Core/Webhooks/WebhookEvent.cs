using Enrichment.Core.Services;

namespace Enrichment.Core.Webhooks;

/// <summary>
/// The body of a completion event (Standard Webhooks' type, timestamp, data). It tells that the job
/// ended and where to look: no contact data, no download link (the status URL mints one for its owner).
/// </summary>
public sealed record WebhookEvent(string Type, DateTimeOffset Timestamp, WebhookEventData Data)
{
    public const string Completed = "job.completed";
    public const string CompletedWithErrors = "job.completed_with_errors";
    public const string Failed = "job.failed";

    public static WebhookEvent For(JobRecord job, JobProgress progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        var type = job.State switch
        {
            JobState.Completed => Completed,
            JobState.CompletedWithErrors => CompletedWithErrors,
            JobState.Failed => Failed,
            _ => throw new ArgumentException($"job {job.JobId} has not ended", nameof(job)),
        };
        return new WebhookEvent(
            type,
            now,
            new WebhookEventData(
                job.JobId,
                job.State.ToWire(),
                job.Attempt,
                new RecordCounters(job.TotalRecords, progress.RecordsProcessed, progress.RecordsOk, progress.RecordsInvalid, progress.RecordsError),
                new BatchCounters(job.TotalBatches, progress.BatchesDone, progress.BatchesFailed),
                job.Webhook?.StatusUrl,
                job.FinishedAt));
    }
}

public sealed record WebhookEventData(
    string JobId,
    string Status,
    int Attempt,
    RecordCounters Records,
    BatchCounters Batches,
    string? StatusUrl,
    DateTimeOffset? FinishedAt);
