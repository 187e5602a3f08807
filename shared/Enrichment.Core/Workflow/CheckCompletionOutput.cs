namespace Enrichment.Core.Workflow;

/// <summary>
/// What the check-completion task answers; the state machine loops on <see cref="Done"/> and waits
/// <see cref="WaitSeconds"/> between checks.
/// </summary>
public sealed record CheckCompletionOutput(
    string JobId,
    int Attempt,
    bool Done,
    int WaitSeconds,
    int BatchesFinished,
    int TotalBatches);
