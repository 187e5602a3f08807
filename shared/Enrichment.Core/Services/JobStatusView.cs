namespace Enrichment.Core.Services;

/// <summary>The body of GET /jobs/{id}.</summary>
public sealed record JobStatusView(
    string JobId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    RecordCounters Records,
    BatchCounters Batches,
    double Progress,
    string OutputFormat,
    string? DownloadUrl,
    DateTimeOffset? DownloadExpiresAt,
    string? Error,
    IReadOnlyList<int>? FailedBatches,
    int Attempt = 0,
    IReadOnlyList<ProviderStatistics>? Providers = null,
    WebhookStatusView? Webhook = null,
    Costs.JobCost? Cost = null,
    Costs.JobEstimate? Estimate = null);

public sealed record RecordCounters(long Total, long Processed, long Ok, long Invalid, long Error);

public sealed record BatchCounters(int Total, int Done, int Failed);
