using Enrichment.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Services;

/// <summary>
/// Ends the job of an upload whose split was given up (AWS: the split's on-failure destination after
/// S3's asynchronous invoke and its two retries; locally: three failed attempts). Without this the
/// job would wait in <c>accepted</c> with no poller to ever end it. A job that has moved on is left
/// alone: a late failure record never undoes a split that did happen.
/// </summary>
public sealed class SplitFailureService(IControlTable table, TimeProvider time, ILogger log)
{
    public async Task<SplitFailureOutcome> FailAsync(string uploadKey, bool tooOld, CancellationToken cancellationToken)
    {
        var jobId = JobKeys.JobIdOfUpload(uploadKey);
        var job = jobId is null ? null : await table.GetJobAsync(jobId, cancellationToken);
        if (job is null)
        {
            return SplitFailureOutcome.NoJob;
        }

        if (job.State != JobState.Accepted)
        {
            return SplitFailureOutcome.AlreadyMovedOn;
        }

        var now = time.GetUtcNow();
        var reason = tooOld
            ? "the uploaded list could not be split in time; upload it again"
            : "the uploaded list could not be split after three attempts; upload it again";
        var failed = job.Finished(JobState.Failed, reason, now);
        if (!await table.TryUpdateJobAsync(failed, JobState.Accepted, cancellationToken))
        {
            return SplitFailureOutcome.AlreadyMovedOn;
        }

        using var jobScope = log.BeginJobScope(job.JobId);
        log.LogWarning("job {JobId}: split given up ({Reason}); job failed", job.JobId, tooOld ? "event too old" : "retries exhausted");
        return SplitFailureOutcome.MarkedFailed;
    }
}
