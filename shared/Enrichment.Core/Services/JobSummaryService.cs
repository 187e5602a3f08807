namespace Enrichment.Core.Services;

/// <summary>
/// Answers GET /jobs/{id}/summary: the summary.json of the job's latest finished attempt (counts,
/// duplicates, provider match rates and the first rows that did not end ok, with their reasons).
/// </summary>
public sealed class JobSummaryService(IControlTable table, IObjectStore store)
{
    /// <summary>Another caller's job is NotFound, exactly as a job that does not exist.</summary>
    public async Task<JobSummaryLookup> GetAsync(string jobId, string caller, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(jobId, cancellationToken);
        if (job is null || !job.IsVisibleTo(caller))
        {
            return new JobSummaryLookup(JobSummaryOutcome.NotFound, null);
        }

        // A retry runs under a new attempt: until it is aggregated, the previous summary is stale.
        if (!job.State.IsFinished() || job.SummaryKey is not { } key)
        {
            return new JobSummaryLookup(job.State.IsFinished() ? JobSummaryOutcome.NoSummary : JobSummaryOutcome.NotFinished, null);
        }

        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return new JobSummaryLookup(JobSummaryOutcome.NoSummary, null);
        }

        var summary = await JsonSerializer.DeserializeAsync(stream, EnrichmentJsonContext.Default.JobSummary, cancellationToken);
        return new JobSummaryLookup(summary is null ? JobSummaryOutcome.NoSummary : JobSummaryOutcome.Found, summary);
    }
}
