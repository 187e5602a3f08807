namespace Enrichment.Core.Webhooks;

/// <param name="Outcome">One of <see cref="Jobs.WebhookOutcomes"/> (never pending).</param>
public sealed record WebhookSendResult(string Outcome, int Attempts, int? LastStatusCode);
