namespace Enrichment.Core.Workflow;

/// <summary>
/// The execution input of statemachines/enrichment.asl.json. <see cref="Generation"/> counts the
/// executions the poller has continued into (see <see cref="PollerExecution"/>); <see cref="Polls"/>
/// is the checks made in this execution, which the definition bounds.
/// </summary>
public sealed record PollerInput(string JobId, int Attempt, int WaitSeconds, int Generation = 0, int Polls = 0);
