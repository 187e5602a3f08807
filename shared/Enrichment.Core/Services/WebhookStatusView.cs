namespace Enrichment.Core.Services;

/// <summary>
/// The <c>webhook</c> of GET /jobs/{id}: how telling the job's end fared. Neither the secret nor the
/// callback URL (which may carry the receiver's own token) is shown.
/// </summary>
public sealed record WebhookStatusView(string Outcome, int Attempts, int? LastStatusCode, DateTimeOffset? DeliveredAt)
{
    /// <summary>Null for a job without a callback; pending until the current end of the job was told.</summary>
    public static WebhookStatusView? Of(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Webhook is null)
        {
            return null;
        }

        return job.WebhookDelivery is { } delivery && delivery.JobAttempt == job.Attempt
            ? new WebhookStatusView(delivery.Outcome, delivery.Attempts, delivery.LastStatusCode, delivery.DeliveredAt)
            : new WebhookStatusView(WebhookOutcomes.Pending, 0, null, null);
    }
}
