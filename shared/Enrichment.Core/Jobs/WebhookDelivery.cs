namespace Enrichment.Core.Jobs;

/// <summary>How the completion event of one end of a job fared (a retried job ends, and is told, again).</summary>
/// <param name="Outcome">One of <see cref="WebhookOutcomes"/>.</param>
/// <param name="Attempts">HTTP requests made (0 when the address was refused before any).</param>
/// <param name="LastStatusCode">The receiver's last answer; null when none came (timeout, refused connection).</param>
/// <param name="DeliveredAt">When a 2xx came back; null otherwise.</param>
/// <param name="JobAttempt">The job attempt whose end this event told.</param>
public sealed record WebhookDelivery(string Outcome, int Attempts, int? LastStatusCode, DateTimeOffset? DeliveredAt, int JobAttempt);
