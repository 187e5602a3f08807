namespace Enrichment.Core.Workflow;

/// <summary>
/// Input of the aggregate task. With <see cref="FailureReason"/> set it marks the job failed
/// instead (the state machine's catch path), so the machine needs no third function.
/// </summary>
public sealed record AggregateInput(string JobId, int Attempt, string? FailureReason = null);
