namespace Enrichment.Core.Services;

/// <summary>A list handed to the product, inline (POST /jobs) or as an uploaded object.</summary>
/// <param name="OpenInput">Opens the list from the start; called twice (validation pass, then distribution).</param>
/// <param name="Sheet">The worksheet of an .xlsx list to read; null for the first visible one.</param>
public sealed record SubmitRequest(
    Func<CancellationToken, Task<Stream>> OpenInput,
    InputFormat Format,
    string OutputFormat,
    IReadOnlyList<string>? Providers,
    string? IdempotencyKey,
    string? InputName,
    string? Sheet = null)
{
    /// <summary>The caller the job will belong to.</summary>
    public string? Owner { get; init; }

    /// <summary>The job's callback, already checked; null when the request names none.</summary>
    public Webhooks.WebhookRequest? Webhook { get; init; }

    /// <summary>An upload reserved only to be checked and estimated on arrival (<see cref="Jobs.JobRecord.DryRun"/>).</summary>
    public bool DryRun { get; init; }

    /// <summary>The status URL of a job id, as the answer gives it; the completion event carries it.</summary>
    public Func<string, string>? StatusUrl { get; init; }
}
