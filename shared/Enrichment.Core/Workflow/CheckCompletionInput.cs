namespace Enrichment.Core.Workflow;

public sealed record CheckCompletionInput(string JobId, int Attempt, int WaitSeconds, int Generation = 0, int Polls = 0);
