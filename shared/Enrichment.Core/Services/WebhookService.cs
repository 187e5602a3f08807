using Enrichment.Core.Logging;
using Enrichment.Core.Webhooks;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Services;

/// <summary>
/// Tells a job's callback that the job ended (the state machine's Notify step). Idempotent per end:
/// once an end of the job (its attempt) has an outcome, asking again sends nothing. The event id is
/// the same for every try of one end, so a receiver can drop repeats.
/// </summary>
public sealed class WebhookService(IControlTable table, WebhookSender sender, TimeProvider time, ILogger log)
{
    /// <summary>The outcome stored for the job's end; null when there is nothing to tell (no callback, not ended, gone).</summary>
    public async Task<WebhookDelivery?> NotifyAsync(string jobId, CancellationToken cancellationToken)
    {
        using var jobScope = log.BeginJobScope(jobId);
        var job = await table.GetJobAsync(jobId, cancellationToken);
        if (job?.Webhook is not { } target || !job.State.IsFinished())
        {
            return null;
        }

        if (job.WebhookDelivery is { } earlier && earlier.JobAttempt == job.Attempt)
        {
            return earlier;
        }

        var key = WebhookSecrets.TryDecode(target.Secret) ?? throw new InvalidDataException($"job {jobId} holds a malformed webhook secret");
        var progress = await table.GetProgressAsync(jobId, cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookEvent.For(job, progress, time.GetUtcNow()), WebhookJsonContext.Default.WebhookEvent);
        var result = await sender.SendAsync(new Uri(target.Url), MessageId(job), body, key, cancellationToken);
        var delivery = new WebhookDelivery(
            result.Outcome,
            result.Attempts,
            result.LastStatusCode,
            result.Outcome == WebhookOutcomes.Delivered ? time.GetUtcNow() : null,
            job.Attempt);
        await table.RecordWebhookAsync(jobId, delivery, cancellationToken);

        // Neither the URL (it may carry the receiver's token) nor the secret is logged.
        log.LogInformation(
            "job {JobId} webhook {Outcome} after {Attempts} request(s), last status {LastStatus}",
            jobId,
            result.Outcome,
            result.Attempts,
            result.LastStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
        return delivery;
    }

    /// <summary>One id per end of the job: the same on every try of it, another after a retry of the job.</summary>
    public static string MessageId(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"msg_{job.JobId}_{job.Attempt}";
    }
}
