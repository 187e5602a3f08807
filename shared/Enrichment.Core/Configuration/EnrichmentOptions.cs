namespace Enrichment.Core.Configuration;

/// <summary>Settings shared by every function; the AWS set reads them from the environment Terraform gives.</summary>
public sealed record EnrichmentOptions
{
    /// <summary>Records per batch (one queue message).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// Upper bound of a serialized batch; a batch over it travels through the object store. Well
    /// under SQS's 256 KiB so attributes and envelope always fit.
    /// </summary>
    public int MaxBatchBytes { get; init; } = 200 * 1024;

    /// <summary>Provider chain used when a request names none.</summary>
    public IReadOnlyList<string> DefaultProviders { get; init; } = ["normalize", "email"];

    public TimeSpan DownloadUrlLifetime { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan UploadUrlLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest list an upload link is signed for (S3 takes at most 5 GiB in one PUT).</summary>
    public long MaxUploadBytes { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How long a job's items and objects are kept.</summary>
    public TimeSpan JobRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Parts the aggregate reads ahead of the one it writes, in parallel (the output stays in batch
    /// order). At 20 ms a read on S3, 8 make 10,000 parts (1,000,000 records) about 25 s of reading
    /// instead of 200 s; each holds one batch in memory.
    /// </summary>
    public int AggregateReadAhead { get; init; } = 8;

    /// <summary>
    /// Validate a large uploaded CSV list in two halves at once (see ListScan.Halves). On for the local
    /// host, with its cores and positional reads; off on AWS, where the split's 1,024 MB are 0.58 vCPU
    /// and the halves' ranged GETs measured slower on moto (1M rows: 26.7 s wall, 8.1 CPU-s, 115 GETs,
    /// against 13.2 s, 6.8 CPU-s, 2 GETs in one pass; issue 13).
    /// </summary>
    public bool ValidateInHalves { get; init; }

    /// <summary>Receives of one message before it is dead-lettered (the queue's redrive policy).</summary>
    public int MaxReceiveCount { get; init; } = 5;

    /// <summary>With no batch finishing for this long, the poller marks unfinished batches failed.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A job still <c>accepted</c> this long after its split began had its split cut short (the split of an
    /// inline list runs within the API's 30 s): a replay of its Idempotency-Key resumes it from the kept list.
    /// </summary>
    public TimeSpan SplitResumeAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest request body taken inline by POST /jobs (bigger lists use an upload URL).</summary>
    public long MaxInlineBodyBytes { get; init; } = Input.InlineBodyLimit.MaxBodyBytes;

    /// <summary>
    /// The deployment's own base URL (a custom domain, or the local host's address); links the API
    /// returns are built from it. Unset on AWS, the domain API Gateway matched is used.
    /// </summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>How completion events are sent and which callbacks a job may name (the deployment's choice).</summary>
    public Webhooks.WebhookOptions Webhooks { get; init; } = new();

    /// <summary>What the cost model needs of the deployment (memory, architecture, estimated durations).</summary>
    public Costs.CostOptions Costs { get; init; } = new();

    public string Version { get; init; } = "0.1.0";

    public string GitCommit { get; init; } = "unknown";

    public string BuildTime { get; init; } = "unknown";

    /// <summary>
    /// The ARN of the batch queue's dead-letter queue (ENRICHMENT_DLQ_ARN on AWS, the local queue's
    /// locally): the worker tells dead letters from fresh batches by the event source ARN. Null: no
    /// record is taken for a dead letter.
    /// </summary>
    public string? DeadLetterQueueArn { get; init; }
}
