namespace Enrichment.Core.Jobs;

/// <summary>
/// The job item of the control table. Counters live apart (see <see cref="JobProgress"/>) so that
/// thousands of batch completions never contend on this one item.
/// </summary>
public sealed record JobRecord
{
    public required string JobId { get; init; }
    public required JobState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the control-table items and the job's objects may be deleted (TTL).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
    public required string InputFormat { get; init; }
    public required string OutputFormat { get; init; }
    /// <summary>Input columns in input order (CSV header, or the union of JSON keys in first-seen order).</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    public required IReadOnlyList<string> Providers { get; init; }
    /// <summary>
    /// The enrichment columns in output order, fixed when the job was made (its chain's columns then):
    /// the worker aligns every part to them and the aggregate writes them as the header, so a provider
    /// definition changed while the job runs cannot make the header disagree with the parts. Null
    /// for jobs made before columns were fixed; those take the chain's columns as they are now.
    /// </summary>
    public IReadOnlyList<string>? EnrichmentColumns { get; init; }
    public required long TotalRecords { get; init; }
    public required int TotalBatches { get; init; }
    /// <summary>Bumped by every retry, so each retry writes a fresh output and execution.</summary>
    public int Attempt { get; init; }
    /// <summary>Batches the current retry sent again; its poller waits until that many are counted at this attempt.</summary>
    public int RetriedBatches { get; init; }
    /// <summary>The caller who made the job (see <see cref="JobOwnership"/>): on AWS the JWT issuer and subject or the IAM principal, locally the API key's caller.</summary>
    public string? Owner { get; init; }
    /// <summary>The caller-scoped idempotency key (<see cref="IdempotencyScope.Key"/>) the job holds, if any.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>The request's fingerprint (<see cref="IdempotencyScope.Fingerprint"/>): a replay must match it.</summary>
    public string? RequestHash { get; init; }
    public string? InputName { get; init; }
    /// <summary>
    /// Where the list itself is kept (an inline body under the job's prefix, or the upload): any batch can be
    /// planned again from it, so no batch is ever without its rows. Null for jobs made before lists were kept.
    /// </summary>
    public string? InputKey { get; init; }
    /// <summary>The worksheet an .xlsx list is read from; null for its first visible sheet.</summary>
    public string? InputSheet { get; init; }
    public string? OutputKey { get; init; }
    public string? SummaryKey { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Where the job's end is told (signed); null when the caller named no callbackUrl.</summary>
    public WebhookTarget? Webhook { get; init; }
    /// <summary>How telling the job's last end fared; null until it was tried.</summary>
    public WebhookDelivery? WebhookDelivery { get; init; }
    /// <summary>
    /// AWS usage counted outside the batches (<see cref="Costs.AwsUsage"/> counters): the split's,
    /// then at the end the poller's, the aggregate's and the notification's. The batches' own usage
    /// is in the job's counters; the job's cost is the two added.
    /// </summary>
    public IReadOnlyDictionary<string, long>? Usage { get; init; }

    /// <summary>An estimate-only job (an upload reserved with dryRun): its list is checked and estimated on arrival, never run.</summary>
    public bool DryRun { get; init; }

    /// <summary>What the list would do and cost, once a dry run's upload has been checked.</summary>
    public Costs.JobEstimate? Estimate { get; init; }

    /// <summary>
    /// The job as it ends at <paramref name="now"/>: in <paramref name="state"/>, a finished one, with
    /// <paramref name="error"/> as why it failed or is incomplete (null when nothing went wrong).
    /// </summary>
    public JobRecord Finished(JobState state, string? error, DateTimeOffset now)
    {
        if (!state.IsFinished())
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "a job can only finish in a finished state");
        }

        return this with { State = state, Error = error, UpdatedAt = now, FinishedAt = now };
    }
}
