namespace Enrichment.Core.Workflow;

public sealed record CheckCompletionInput(string JobId, int Attempt, int WaitSeconds);
