namespace Enrichment.Core.Workflow;

/// <summary>What the webhook task did: <c>none</c> when the job has no callback or has not ended, else the delivery's outcome.</summary>
public sealed record NotifyOutput(string JobId, string Outcome, int Attempts);
