namespace Enrichment.Core.Workflow;

/// <summary>The execution input of statemachines/enrichment.asl.json.</summary>
public sealed record PollerInput(string JobId, int Attempt, int WaitSeconds);
