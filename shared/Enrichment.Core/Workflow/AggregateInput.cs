namespace Enrichment.Core.Workflow;

/// <summary>
/// Input of the aggregate task. With <see cref="FailureReason"/> set it marks the job failed
/// instead (the state machine's catch path), so the machine needs no third function.
/// <see cref="Polls"/> and <see cref="Generation"/> are the poller's count of its checks, which the
/// job's counted cost prices.
/// </summary>
public sealed record AggregateInput(string JobId, int Attempt, string? FailureReason = null, int Polls = 0, int Generation = 0);
