namespace Enrichment.Core.Services;

/// <summary>Answers GET /jobs/{id}; a finished job gets a download link minted for this request only.</summary>
/// <remarks>Its cost is counted so far while the job runs (the split and the batches), and the whole job's once it ended.</remarks>
public sealed class JobStatusService(IControlTable table, IObjectStore store, EnrichmentOptions options, TimeProvider time, ProviderFactory? providers = null)
{
    /// <summary>Failed batch numbers listed in a status, at most; the summary has them all.</summary>
    private const int MaxListedFailures = 100;

    /// <summary>The job's status, or null when there is no such job <em>for this caller</em>.</summary>
    public async Task<JobStatusView?> GetAsync(string jobId, string caller, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(jobId, cancellationToken);
        if (job is null || !job.IsVisibleTo(caller))
        {
            return null;
        }

        var progress = await table.GetProgressAsync(jobId, cancellationToken);
        string? url = null;
        DateTimeOffset? expires = null;
        if (job.State is JobState.Completed or JobState.CompletedWithErrors && job.OutputKey is { } key)
        {
            expires = time.GetUtcNow() + options.DownloadUrlLifetime;
            // AbsoluteUri keeps the signature's escaping; ToString() would unescape it.
            url = (await store.GetDownloadUrlAsync(key, options.DownloadUrlLifetime, DownloadName(job), cancellationToken)).AbsoluteUri;
        }

        IReadOnlyList<int>? failed = null;
        if (progress.BatchesFailed > 0)
        {
            var list = new List<int>();
            await foreach (var batch in table.ListBatchesAsync(jobId, cancellationToken))
            {
                if (batch.Status == BatchStatus.Failed && list.Count < MaxListedFailures)
                {
                    list.Add(batch.BatchIndex);
                }
            }

            failed = list;
        }

        var total = job.TotalBatches;
        var fraction = job.State.IsFinished() ? 1.0 : Fraction(job, progress);
        return new JobStatusView(
            job.JobId,
            job.State.ToWire(),
            job.CreatedAt,
            job.UpdatedAt,
            job.FinishedAt,
            new RecordCounters(job.TotalRecords, progress.RecordsProcessed, progress.RecordsOk, progress.RecordsInvalid, progress.RecordsError),
            new BatchCounters(total, progress.BatchesDone, progress.BatchesFailed),
            Math.Round(fraction, 4),
            job.OutputFormat,
            url,
            expires,
            job.Error,
            failed,
            job.Attempt,
            ProviderStatistics.FromCounters(progress.Counters),
            WebhookStatusView.Of(job),
            CountedCost.Of(job.Usage, progress.Counters, CountedCost.ChainOf(providers, job.Providers), options),
            job.Estimate);
    }

    /// <summary>Share of the current attempt's batches counted: all batches at first, the re-sent ones on a retry.</summary>
    private static double Fraction(JobRecord job, JobProgress progress)
    {
        var (finished, total) = progress.OfAttempt(job);
        return total == 0 ? 0.0 : Math.Min(1.0, (double)finished / total);
    }

    private static string DownloadName(JobRecord job)
    {
        var stem = SafeFileName.Clean(Path.GetFileNameWithoutExtension(job.InputName));
        return $"{(stem.Length == 0 ? job.JobId : stem)}-enriched.{job.OutputFormat}";
    }
}
